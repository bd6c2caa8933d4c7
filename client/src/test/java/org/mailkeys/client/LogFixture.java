package org.mailkeys.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.MerkleHash;
import org.mailkeys.transparency.MerkleProofs;
import org.mailkeys.transparency.NoteSigner;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.TileIntegrator;
import org.mailkeys.transparency.TileReader;
import org.mailkeys.transparency.TlogProof;
import org.mailkeys.transparency.VrfPrivateKey;

/**
 * A provider's key log built in the test with the transparency module (as the server builds it), and a
 * {@link LogDirectory} that serves it from memory. Two fixtures made with {@link #sameKeys} sign with the same keys:
 * a forked log.
 */
final class LogFixture implements LogDirectory {
    static final String ORIGIN = "example.net/mailkeys-log";
    private static final SecureRandom RANDOM = new SecureRandom();

    final NoteSigner signer;
    final VrfPrivateKey vrf;
    final List<byte[]> entries = new ArrayList<>();
    final Map<TileId, byte[]> tiles = new HashMap<>();
    byte[] root = MerkleHash.empty();
    Optional<LogPublicKeys> dnssec = Optional.empty();
    LogPublicKeys served;
    int tileReads;

    LogFixture() {
        this(NoteSigner.generate(ORIGIN, RANDOM), VrfPrivateKey.generate(RANDOM));
    }

    private LogFixture(NoteSigner signer, VrfPrivateKey vrf) {
        this.signer = signer;
        this.vrf = vrf;
        this.served = keys();
    }

    /** Another log under the same keys: what a provider that forks its log shows to some. */
    LogFixture sameKeys() {
        return new LogFixture(signer, vrf);
    }

    LogPublicKeys keys() {
        return new LogPublicKeys(signer.verifier(), vrf.publicKey());
    }

    byte[] label(String address) {
        return vrf.hash(MailAddresses.normalise(address).getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a publication of {@code key} for {@code address}; returns its index. */
    long publish(String address, byte[] key) {
        return append(new LogEntry(label(address), entries.size() + 1, LogEntry.Change.PUBLISHED,
                Optional.of(LogProofChecker.sha256(key)), Instant.parse("2026-12-05T03:00:00Z")));
    }

    /** Appends a publication of some other address's key. */
    long filler(int n) {
        return publish("filler" + n + "@example.net", ("key " + n).getBytes(StandardCharsets.US_ASCII));
    }

    long append(LogEntry entry) {
        try {
            TileIntegrator.Result result = TileIntegrator.integrate(this::read, entries.size(), List.of(entry.bytes()));
            tiles.putAll(result.tiles());
            root = result.root();
            entries.add(entry.bytes());
            return entries.size() - 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String checkpoint() {
        return signer.sign(new Checkpoint(ORIGIN, entries.size(), root).text());
    }

    TlogProof proof(long index) {
        try {
            List<byte[]> hashes = MerkleProofs.inclusion(new TileHashSource(this::read, entries.size()), index, entries.size());
            return new TlogProof(Optional.of(entries.get((int) index)), index, hashes, checkpoint());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    LogProofBlock block(String address, long index) {
        return LogProofBlock.withEntry(vrf.prove(MailAddresses.normalise(address).getBytes(StandardCharsets.UTF_8)),
                proof(index));
    }

    LogProofBlock notFoundBlock(String address) {
        return LogProofBlock.withoutEntry(vrf.prove(MailAddresses.normalise(address).getBytes(StandardCharsets.UTF_8)),
                checkpoint());
    }

    Optional<byte[]> read(TileId tile) {
        return Optional.ofNullable(tiles.get(tile)).map(byte[]::clone);
    }

    @Override
    public Optional<LogPublicKeys> dnssecKeys(String domain) {
        return dnssec;
    }

    @Override
    public LogPublicKeys servedKeys(String domain) {
        return served;
    }

    @Override
    public String servedCheckpoint(String domain) {
        return checkpoint();
    }

    @Override
    public TileReader tiles(String domain, int maxTiles) {
        return tile -> {
            tileReads++;
            Optional<byte[]> bytes = read(tile);
            if (bytes.isEmpty()) {
                throw new WellKnownHttps.Absent(tile.path() + " does not exist");
            }
            return bytes;
        };
    }
}
