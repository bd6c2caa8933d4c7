package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** The test vectors of docs/PROTOCOL.md 12.5. */
class ProtocolVectorsTest {
    private static final String ORIGIN = "example.net/mailkeys-log";
    private static final byte[] VRF_SECRET = Hex.decode(
        "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    private static final byte[] ALICE = "alice@example.net".getBytes(StandardCharsets.UTF_8);

    private static LogKeys keys() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return new LogKeys(ORIGIN, seed, VRF_SECRET);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void theKeysFileShouldMatch() {
        assertThat(keys().publicKeys()).isEqualTo(
            "vkey example.net/mailkeys-log+79241e57+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4\n"
            + "vrf A2D+1LolWp0xyWHrdMY1bWjASbiSO2H6bOZpYi5g8p+2\n");
    }

    @Test
    void theLabelAndVrfProofOfAliceShouldMatch() {
        VrfPrivateKey vrf = new VrfPrivateKey(VRF_SECRET);
        assertThat(b64(vrf.hash(ALICE))).isEqualTo("YJvE4L66UuXGoS/CX8g5nbeMChzVt+zGv1vzB2VRL3s=");
        assertThat(b64(vrf.prove(ALICE))).isEqualTo("A5jfM+c4kEODIccqXZFVPyl5vzGZR7xkKMC5lyxod3wFoQ6AmbwrA6e/+NtQTudJ"
            + "Bl6VPijw8+Xdtpxu5mEbWZP+jKeUMl/h2zgeW4XV2vq1");
    }

    @Test
    void theEntriesTreeCheckpointAndProofShouldMatch() throws Exception {
        byte[] label = new VrfPrivateKey(VRF_SECRET).hash(ALICE);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("key bytes".getBytes(StandardCharsets.US_ASCII));
        byte[] entry0 = new LogEntry(label, 1764903600000000L, LogEntry.Change.PUBLISHED, Optional.of(digest),
            Instant.parse("2026-12-05T03:00:00Z")).bytes();
        byte[] entry1 = new LogEntry(label, 1764903700000000L, LogEntry.Change.DELETED, Optional.empty(),
            Instant.parse("2026-12-05T03:01:40Z")).bytes();
        assertThat(b64(MerkleHash.leaf(entry0))).isEqualTo("dlSqBLZ4pxilWfjt4QzHoxfwy2IkF+mF8ewbRHGaCiA=");
        assertThat(b64(MerkleHash.leaf(entry1))).isEqualTo("7kD0GwAGACtoVpEunvZ0aWtynL2dsE22gTZJ5zFJBPA=");

        MemoryLogStorage storage = new MemoryLogStorage();
        TileIntegrator.Result result = TileIntegrator.integrate(storage, 0, List.of(entry0, entry1));
        for (Map.Entry<TileId, byte[]> tile : result.tiles().entrySet()) {
            storage.writeTile(tile.getKey(), tile.getValue());
        }
        assertThat(b64(result.root())).isEqualTo("huMJYmC+sj1ZRiytFwu01iwGzZSUhp7MxIFqbR75A3E=");
        String note = keys().signer().sign(new Checkpoint(ORIGIN, 2, result.root()).text());
        String expectedNote = ORIGIN + "\n2\nhuMJYmC+sj1ZRiytFwu01iwGzZSUhp7MxIFqbR75A3E=\n\n\u2014 " + ORIGIN
            + " eSQeV8QmmobV61VUitQsi0UB8WsRsoZKYf3oCkyxvhONL634c+RedK2/Qs1u6DgONqE7ThmmDtRtvGhcJIyj4jB5fgw=\n";
        assertThat(note).isEqualTo(expectedNote);
        TlogProof proof = new TlogProof(Optional.of(entry0), 0,
            MerkleProofs.inclusion(new TileHashSource(storage, 2), 0, 2), note);
        assertThat(proof.text()).isEqualTo("c2sp.org/tlog-proof@v1\nextra " + b64(entry0) + "\nindex 0\n"
            + "7kD0GwAGACtoVpEunvZ0aWtynL2dsE22gTZJ5zFJBPA=\n\n" + expectedNote);
        assertThat(TlogProof.parse(proof.text()).orElseThrow().verify(entry0, keys().signer().verifier(), ORIGIN))
            .isPresent();
    }
}
