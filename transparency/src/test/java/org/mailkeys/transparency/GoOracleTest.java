package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.ExternalPrograms;

/**
 * An independent implementation checks what this module writes: Go's golang.org/x/mod/sumdb/note and sumdb/tlog
 * (Debian's golang-golang-x-mod-dev) verify the checkpoint signature through the verifier key, every tile against the
 * signed root, every entry's inclusion, the tlog-proof texts and the consistency proofs.
 */
class GoOracleTest {
    private static final String ORIGIN = "example.net/mailkeys-log";
    private static final Map<String, String> GO_PATH_MODE = Map.of("GOPATH", "/usr/share/gocode",
        "GO111MODULE", "off", "GOFLAGS", "");

    @TempDir
    static Path folder;
    private static Path oracle;

    @BeforeAll
    static void buildTheOracle() throws Exception {
        Path go = ExternalPrograms.executable("go").orElseThrow(
            () -> new IllegalStateException("Go is needed: apt-get install golang-go golang-golang-x-mod-dev"));
        try (InputStream source = GoOracleTest.class.getResourceAsStream("/go-oracle/oracle.go")) {
            Files.write(folder.resolve("oracle.go"), source.readAllBytes());
        }
        ExternalPrograms.run(folder, withCache(), Duration.ofMinutes(5), go.toString(), "build", "-o", "oracle",
            "oracle.go");
        oracle = folder.resolve("oracle");
    }

    @Test
    void goShouldAcceptTheCheckpointTilesEntriesAndProofs() throws Exception {
        Path log = Files.createDirectory(folder.resolve("good"));
        writeLog(log);
        String output = ExternalPrograms.run(log, Map.of(), Duration.ofMinutes(2), oracle.toString(),
            log.toString(), ORIGIN);
        assertThat(output).contains("OK checkpoint 700", "OK tiles and entries 700", "OK tlog-proof 0 700",
            "OK tlog-proof 699 700", "OK consistency 1 700", "OK consistency 300 700", "OK consistency 512 700");
    }

    @Test
    void goShouldRefuseATamperedTile() throws Exception {
        Path log = Files.createDirectory(folder.resolve("tampered"));
        writeLog(log);
        Path tile = log.resolve(TileId.hashes(0, 1, 256).path());
        byte[] bytes = Files.readAllBytes(tile);
        bytes[40] ^= 1;
        Files.write(tile, bytes);
        assertThatThrownBy(() -> ExternalPrograms.run(log, Map.of(), Duration.ofMinutes(2), oracle.toString(),
            log.toString(), ORIGIN)).hasMessageContaining("FAIL");
    }

    private static void writeLog(Path log) throws IOException {
        NoteSigner signer = NoteSigner.generate(ORIGIN, new SecureRandom());
        VrfPrivateKey vrf = VrfPrivateKey.generate(new SecureRandom());
        TestLog tiles = new TestLog();
        List<byte[]> entries = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        for (int batch : new int[] {1, 299, 212, 188}) {
            List<byte[]> added = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                byte[] label = vrf.hash(("user" + entries.size() + "@example.net").getBytes(StandardCharsets.UTF_8));
                added.add(new LogEntry(label, entries.size() + 1L, LogEntry.Change.PUBLISHED,
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
        Files.writeString(log.resolve("vkey"), signer.verifier().verifierKey() + "\n");
        HashSource hashes = new TileHashSource(tiles, size);
        StringBuilder proofs = new StringBuilder();
        for (long index : new long[] {0, 255, 256, 299, 511, 699}) {
            TlogProof proof = new TlogProof(Optional.of(entries.get((int) index)), index,
                MerkleProofs.inclusion(hashes, index, size), checkpoint);
            Files.writeString(log.resolve("proof-" + index), proof.text());
            proofs.append("tlog-proof proof-").append(index).append('\n');
        }
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

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Map<String, String> withCache() {
        Map<String, String> environment = new java.util.HashMap<>(GO_PATH_MODE);
        environment.put("GOCACHE", folder.resolve("gocache").toString());
        return environment;
    }
}
