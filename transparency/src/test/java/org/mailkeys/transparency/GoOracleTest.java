package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.GoOracle;

/**
 * Independent implementations check what this module writes (the harness's {@link GoOracle}): Go's
 * golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev) verify the checkpoint signature
 * through the verifier key, every tile against the signed root, every entry's inclusion, the tlog-proof texts and the
 * consistency proofs; an ECVRF-P256-SHA256-TAI verifier written in Go from RFC 9381 (and proven on its Appendix B.1)
 * checks the VRF proofs and labels, and the proof blocks of version 2 answers as a whole.
 */
class GoOracleTest {
    private static final String ORIGIN = "example.net/mailkeys-log";
    private static final NoteSigner SIGNER = NoteSigner.generate(ORIGIN, new SecureRandom());
    private static final VrfPrivateKey VRF = VrfPrivateKey.generate(new SecureRandom());
    private static final String VRF_KEY = base64(VRF.publicKey().encoded());

    @TempDir
    static Path folder;
    private static GoOracle oracle;

    @BeforeAll
    static void buildTheOracle() throws Exception {
        oracle = GoOracle.build(folder.resolve("oracle"));
    }

    @Test
    void goShouldAcceptTheCheckpointTilesEntriesAndProofs() throws Exception {
        Path log = Files.createDirectory(folder.resolve("good"));
        writeLog(log);
        String output = oracle.checkLog(log, ORIGIN);
        assertThat(output).contains("OK rfc9381 B.1 example 10", "OK rfc9381 B.1 example 11",
            "OK rfc9381 B.1 example 12", "OK checkpoint 700", "OK tiles and entries 700", "OK tlog-proof 0 700",
            "OK tlog-proof 699 700", "OK consistency 1 700", "OK consistency 300 700", "OK consistency 512 700");
    }

    @Test
    void goShouldAcceptTheVrfProofsLabelsAndProofBlocks() throws Exception {
        Path log = Files.createDirectory(folder.resolve("blocks"));
        writeLog(log);
        String output = oracle.checkLog(log, ORIGIN);
        assertThat(output).contains("OK vrf user0@example.net " + base64(label(0)),
            "OK vrf USER699@Example.NET " + base64(label(699)),
            "OK block user0@example.net entry " + base64(label(0)),
            "OK block User256@EXAMPLE.net entry " + base64(label(256)),
            "OK block user699@example.net entry " + base64(label(699)),
            "OK block nobody@example.net checkpoint 700 "
                + base64(VRF.hash("nobody@example.net".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void goShouldRefuseAVrfProofWithAFlippedBitForAnotherAddressOrWithAnotherLabel() throws Exception {
        Path lines = Files.createDirectory(folder.resolve("vrf"));
        byte[] pi = VRF.prove("alice@example.net".getBytes(StandardCharsets.UTF_8));
        String label = base64(VRF.hash("alice@example.net".getBytes(StandardCharsets.UTF_8)));
        assertThat(oracle.checkVrf(write(lines.resolve("good"), vrfLine("alice@example.net", pi, label))))
            .contains("OK vrf alice@example.net " + label);

        for (int bit : new int[] {0, 7, 8 * 33, 8 * 33 + 127, 8 * 49, 8 * 81 - 1}) {
            byte[] flipped = pi.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            Path file = write(lines.resolve("bit" + bit), vrfLine("alice@example.net", flipped, label));
            assertThatThrownBy(() -> oracle.checkVrf(file)).as("bit %d", bit)
                .hasMessageContaining("FAIL vrf alice@example.net");
        }
        Path otherAddress = write(lines.resolve("other"), vrfLine("alicia@example.net", pi, label));
        assertThatThrownBy(() -> oracle.checkVrf(otherAddress)).hasMessageContaining("FAIL vrf alicia@example.net");
        Path otherLabel = write(lines.resolve("label"), vrfLine("alice@example.net", pi, base64(label(1))));
        assertThatThrownBy(() -> oracle.checkVrf(otherLabel)).hasMessageContaining("not the expected");
    }

    @Test
    void goShouldRefuseABlockWhoseEntryIsAnotherAddresses() throws Exception {
        Path log = Files.createDirectory(folder.resolve("swapped"));
        writeLog(log);
        // the VRF proof of user0, with the tlog-proof of user255's entry: both valid, but not for one address
        String block = Files.readString(log.resolve("block-0"));
        String other = Files.readString(log.resolve("block-255"));
        Files.writeString(log.resolve("block-0"), block.substring(0, block.indexOf("c2sp.org/tlog-proof@v1"))
            + other.substring(other.indexOf("c2sp.org/tlog-proof@v1")));
        assertThatThrownBy(() -> oracle.checkLog(log, ORIGIN))
            .hasMessageContaining("FAIL block user0@example.net: the entry's label is not the address's");
    }

    @Test
    void goShouldRefuseATamperedTile() throws Exception {
        Path log = Files.createDirectory(folder.resolve("tampered"));
        writeLog(log);
        Path tile = log.resolve(TileId.hashes(0, 1, 256).path());
        byte[] bytes = Files.readAllBytes(tile);
        bytes[40] ^= 1;
        Files.write(tile, bytes);
        assertThatThrownBy(() -> oracle.checkLog(log, ORIGIN)).hasMessageContaining("FAIL");
    }

    private static byte[] label(int user) {
        return VRF.hash(("user" + user + "@example.net").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A log of 700 entries written as served (keys, checkpoint, tiles), and its proofs file: tlog-proofs, consistency
     * proofs, vrf lines and the proof blocks of version 2 answers (key found, NOT-FOUND) that docs/PROTOCOL.md 12.3
     * defines, for addresses written as a requester might (the label is of the store's lower-case form).
     */
    private static void writeLog(Path log) throws IOException {
        NoteSigner signer = SIGNER;
        VrfPrivateKey vrf = VRF;
        TestLog tiles = new TestLog();
        List<byte[]> entries = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        for (int batch : new int[] {1, 299, 212, 188}) {
            List<byte[]> added = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                byte[] label = label(entries.size() + added.size());
                added.add(new LogEntry(label, entries.size() + added.size() + 1L, LogEntry.Change.PUBLISHED,
                    Optional.of(MerkleHash.leaf(label)), Instant.parse("2026-12-05T03:00:00Z")).bytes());
            }
            TileIntegrator.Result result = TileIntegrator.integrate(tiles, entries.size(), added);
            tiles.tiles.putAll(result.tiles());
            entries.addAll(added);
            sizes.add(result.size());
            roots.add(result.root());
        }
        for (Map.Entry<TileId, byte[]> tile : tiles.tiles.entrySet()) {
            Path file = log.resolve(tile.getKey().path());
            Files.createDirectories(file.getParent());
            Files.write(file, tile.getValue());
        }
        long size = entries.size();
        String checkpoint = signer.sign(new Checkpoint(ORIGIN, size, roots.get(roots.size() - 1)).text());
        Files.writeString(log.resolve("checkpoint"), checkpoint);
        Files.writeString(log.resolve("keys"), "vkey " + signer.verifier().verifierKey() + "\nvrf " + VRF_KEY + "\n");
        HashSource hashes = new TileHashSource(tiles, size);
        StringBuilder proofs = new StringBuilder();
        for (long index : new long[] {0, 255, 256, 299, 511, 699}) {
            TlogProof proof = new TlogProof(Optional.of(entries.get((int) index)), index,
                MerkleProofs.inclusion(hashes, index, size), checkpoint);
            Files.writeString(log.resolve("proof-" + index), proof.text());
            proofs.append("tlog-proof proof-").append(index).append('\n');
            Files.writeString(log.resolve("block-" + index), block("user" + index + "@example.net", proof.text()));
        }
        proofs.append("block user0@example.net block-0\n")
            .append("block User256@EXAMPLE.net block-256\n")
            .append("block user699@example.net block-699\n");
        Files.writeString(log.resolve("block-nobody"), block("nobody@example.net", checkpoint));
        proofs.append("block nobody@example.net block-nobody\n");
        proofs.append(vrfLine("user0@example.net", vrf.prove("user0@example.net".getBytes(StandardCharsets.UTF_8)),
            base64(label(0))));
        proofs.append(vrfLine("USER699@Example.NET", vrf.prove("user699@example.net".getBytes(StandardCharsets.UTF_8)),
            base64(label(699))));
        for (int i = 0; i < sizes.size() - 1; i++) {
            proofs.append("consistency ").append(sizes.get(i)).append(' ').append(base64(roots.get(i))).append(' ')
                .append(size).append(' ').append(base64(roots.get(roots.size() - 1)));
            for (byte[] hash : MerkleProofs.consistency(hashes, sizes.get(i), size)) {
                proofs.append(' ').append(base64(hash));
            }
            proofs.append('\n');
        }
        Files.writeString(log.resolve("proofs"), proofs.toString());
    }

    /** A proof block (docs/PROTOCOL.md 12.3) for the address: its VRF proof, then a tlog-proof or a checkpoint. */
    private static String block(String address, String proofOrCheckpoint) {
        byte[] alpha = address.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return "mailkeys-log-proof v1\nvrf " + base64(VRF.prove(alpha)) + "\n" + proofOrCheckpoint;
    }

    private static String vrfLine(String address, byte[] pi, String label) {
        return "vrf " + VRF_KEY + " " + address + " " + base64(pi) + " " + label + "\n";
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
