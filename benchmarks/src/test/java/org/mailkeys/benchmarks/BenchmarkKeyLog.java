package org.mailkeys.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.store.log.FileLogStorage;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.EntryBundle;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.MerkleProofs;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.TileIntegrator;
import org.mailkeys.transparency.TileReader;
import org.mailkeys.transparency.TlogProof;

/**
 * A key log of {@link #SIZE} entries built with the project's transparency code (TileIntegrator's tiles, a checkpoint
 * signed by the log's key), for the proof figures: every entry a publication of a distinct label, the last one the
 * entry of {@link #ADDRESS}'s key (its label the VRF output of the address, its digest the SHA-256 of
 * {@link #keyBytes}), so that an answer for that address can be proved and checked as a client checks it.
 * The origin has 40 characters, as docs/PROTOCOL.md 12.6 counts.
 */
public final class BenchmarkKeyLog {
    public static final long SIZE = 1_000_000;
    public static final String ORIGIN = "openpgpkey.mail.example.net/mailkeys-log";
    public static final String ADDRESS = "alice@example.net";
    /** Entries integrated at once: a whole number of tiles, so that only the right edge is ever partial. */
    private static final int CHUNK = 64 * TileId.WIDTH;
    private static final Instant TIME = Instant.parse("2026-12-05T03:00:00Z");

    private final LogKeys keys;
    private final TileReader tiles;
    private final String checkpoint;
    private final long size;

    private BenchmarkKeyLog(LogKeys keys, TileReader tiles, String checkpoint, long size) {
        this.keys = keys;
        this.tiles = tiles;
        this.checkpoint = checkpoint;
        this.size = size;
    }

    /** The key of {@link #ADDRESS} whose digest the last entry holds. */
    public static byte[] keyBytes() {
        return KeyFixtures.keyBytes(KeyFixtures.ALICE);
    }

    /** Builds the log in memory (the hashing and signing the sequencer does, no storage). */
    public static BenchmarkKeyLog inMemory(long size) throws IOException {
        LogKeys keys = LogKeys.generate(ORIGIN, new SecureRandom());
        Map<TileId, byte[]> written = new java.util.HashMap<>();
        String note = build(keys, size, tile -> Optional.ofNullable(written.get(tile)), written::put);
        return new BenchmarkKeyLog(keys, tile -> Optional.ofNullable(written.get(tile)), note, size);
    }

    /**
     * The log of {@link #SIZE} entries as files of the file log storage under {@code cache} (public/ tiles and
     * checkpoint, private/keys), built once and kept: the tile-read figure reads it through {@link FileLogStorage}.
     * The tiles are written without the storage's fsyncs, which only make the one-time build slow.
     */
    public static BenchmarkKeyLog inFiles(Path cache) throws IOException {
        Path folder = cache.resolve("key-log-" + SIZE);
        if (!Files.exists(folder.resolve("public/checkpoint"))) {
            Path building = Files.createDirectories(cache).resolve("key-log-" + SIZE + ".building");
            deleteTree(building);
            FileLogStorage storage = FileLogStorage.open(building);
            LogKeys keys = storage.keysOrCreate(LogKeys.generate(ORIGIN, new SecureRandom()));
            Path publicFolder = storage.publicFolder();
            String note = build(keys, SIZE, storage, (tile, bytes) -> {
                Path file = publicFolder.resolve(tile.path());
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            storage.advanceCheckpoint(SIZE, note);
            deleteTree(folder);
            Files.move(building, folder, StandardCopyOption.ATOMIC_MOVE);
        }
        FileLogStorage storage = FileLogStorage.open(folder);
        LogKeys keys = storage.keys().orElseThrow(() -> new IOException("no keys in " + folder));
        return new BenchmarkKeyLog(keys, storage, storage.checkpoint().orElseThrow(), SIZE);
    }

    private interface TileWriter {
        void write(TileId tile, byte[] bytes) throws IOException;
    }

    /** Integrates {@code size} entries chunk by chunk; returns the signed checkpoint. */
    private static String build(LogKeys keys, long size, TileReader reader, TileWriter writer) throws IOException {
        byte[] lastEntry = new LogEntry(keys.vrf().hash(alpha()), 1, LogEntry.Change.PUBLISHED,
            Optional.of(sha256(keyBytes())), TIME).bytes();
        long done = 0;
        byte[] root = null;
        while (done < size) {
            int count = (int) Math.min(CHUNK, size - done);
            List<byte[]> entries = new ArrayList<>(count);
            for (long i = done; i < done + count; i++) {
                entries.add(i == size - 1 ? lastEntry : filler(i));
            }
            TileIntegrator.Result result = TileIntegrator.integrate(reader, done, entries);
            for (Map.Entry<TileId, byte[]> tile : result.tiles().entrySet()) {
                writer.write(tile.getKey(), tile.getValue());
            }
            done = result.size();
            root = result.root();
        }
        return keys.signer().sign(new Checkpoint(keys.origin(), size, root).text());
    }

    /** A publication of entry i's own label: the size of a real entry, distinct hashes. */
    private static byte[] filler(long i) {
        byte[] label = sha256(ByteBuffer.allocate(8).putLong(i).array());
        return new LogEntry(label, 1, LogEntry.Change.REPLACED, Optional.of(label), TIME).bytes();
    }

    public LogKeys keys() {
        return keys;
    }

    public TileReader tiles() {
        return tiles;
    }

    public String checkpoint() {
        return checkpoint;
    }

    public long size() {
        return size;
    }

    /** The tlog-proof of entry {@code index} at the log's size, its {@code extra} the entry (as KeyLog.proof). */
    public TlogProof proof(long index) throws IOException {
        TileId bundleId = TileId.entriesInTree(index / TileId.WIDTH, size).orElseThrow();
        byte[] entry = EntryBundle.decode(tiles.read(bundleId).orElseThrow(() -> new IOException("Missing " + bundleId.path())),
            bundleId.width()).get((int) (index % TileId.WIDTH));
        return new TlogProof(Optional.of(entry), index, inclusionPath(index), checkpoint);
    }

    /** The hashes of an inclusion proof, from the tiles. */
    public List<byte[]> inclusionPath(long index) throws IOException {
        return MerkleProofs.inclusion(new TileHashSource(tiles, size), index, size);
    }

    /** The 81-byte ECVRF proof of {@link #ADDRESS}'s label. */
    public byte[] vrfProof() {
        return keys.vrf().prove(alpha());
    }

    static byte[] alpha() {
        return MailAddresses.normalise(ADDRESS).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
