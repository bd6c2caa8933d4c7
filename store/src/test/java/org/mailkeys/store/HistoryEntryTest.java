package org.mailkeys.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.store.KeyStoreContract.ALICE;
import static org.mailkeys.store.KeyStoreContract.keyOf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HistoryEntryTest {
    static final ChangeOrigin ALICE_ORIGIN = ChangeOrigin.account(ALICE, "node-1", Instant.EPOCH);
    static final ChangeOrigin OPERATOR = ChangeOrigin.operator("admin", "court order", "node-2",
        Instant.parse("2026-11-29T12:00:00.123456Z"));

    /**
     * The canonical bytes are what the key log hashes: an entry must keep the bytes it had when it was logged.
     * These were produced before entries held their {@link ChangeOrigin}.
     */
    @Test
    void canonicalBytesShouldStayTheBytesTheLogHashed() {
        StoredKey key = new StoredKey("alice@example.net", new byte[] {1, 2, 3, 4, 5}, "ABCDEF0123",
            Instant.parse("2026-11-29T12:00:00.123456789Z"), 42);
        StoredKey older = new StoredKey("alice@example.net", new byte[] {9}, "OLDER", Instant.EPOCH, 41);
        ChangeOrigin wks = ChangeOrigin.webKeyService(ALICE, "node-1", Instant.parse("2026-11-29T12:00:05Z"));
        ChangeOrigin operator = ChangeOrigin.operator("admin", "court order", "node-2",
            Instant.parse("2026-11-30T08:00:00.987654Z"));

        assertThat(hex(HistoryEntry.ofPut(key, Optional.of(older), wks).canonicalBytes())).isEqualTo(
            "4d4b48310011616c696365406578616d706c652e6e6574000000000000002a0200054f4c444552000a4142434445463031323320"
                + "74f81fe167d99b4cb41d6d0ccda82278caee9f3e2f25d5e5a3936ff3dcec60d0000001a2272d267b030011616c696365406578"
                + "616d706c652e6e657400066e6f64652d310000");
        assertThat(hex(HistoryEntry.ofDelete(ALICE, 43, Optional.of(key), operator).canonicalBytes())).isEqualTo(
            "4d4b48310011616c696365406578616d706c652e6e6574000000000000002b03000a41424344454630313233000000000001a22b"
                + "77cbdb02000561646d696e00066e6f64652d32000b636f757274206f72646572");
    }

    private static String hex(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (byte b : data) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Test
    void canonicalBytesShouldReadBackToTheSameEntry() throws IOException {
        for (HistoryEntry entry : List.of(HistoryEntry.ofPut(keyOf(ALICE, 1), Optional.empty(), ALICE_ORIGIN),
            HistoryEntry.ofPut(keyOf(ALICE, 2), Optional.of(keyOf(ALICE, 1)), ALICE_ORIGIN),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)), OPERATOR))) {
            HistoryEntry read = HistoryEntry.fromCanonicalBytes(entry.canonicalBytes());

            assertThat(read).isEqualTo(entry);
            assertThat(read.canonicalBytes()).isEqualTo(entry.canonicalBytes());
        }
    }

    @Test
    void timesShouldBeKeptToTheMillisecond() {
        HistoryEntry deletion = HistoryEntry.ofDelete(ALICE, 3, Optional.empty(), OPERATOR);

        assertThat(deletion.at()).isEqualTo(Instant.parse("2026-11-29T12:00:00.123Z"));
    }

    @Test
    void leafHashShouldBeTheRfc6962LeafHashOfTheCanonicalBytes() {
        HistoryEntry entry = HistoryEntry.ofPut(keyOf(ALICE, 1), Optional.empty(), ALICE_ORIGIN);
        byte[] canonical = entry.canonicalBytes();

        byte[] expected = HistoryEntry.sha256(ByteBuffer.allocate(canonical.length + 1).put((byte) 0).put(canonical)
            .array());

        assertThat(entry.leafHash()).isEqualTo(expected);
    }

    @Test
    void everyFieldShouldChangeTheLeafHash() {
        HistoryEntry base = HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)), OPERATOR);
        List<HistoryEntry> variants = List.of(
            HistoryEntry.ofDelete("bob@example.net", 3, Optional.of(keyOf(ALICE, 2)), OPERATOR),
            HistoryEntry.ofDelete(ALICE, 4, Optional.of(keyOf(ALICE, 2)), OPERATOR),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 1)), OPERATOR),
            HistoryEntry.ofDelete(ALICE, 3, Optional.empty(), OPERATOR),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)),
                ChangeOrigin.operator("root", "court order", "node-2", OPERATOR.at())),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)),
                ChangeOrigin.operator("admin", "court order", "node-3", OPERATOR.at())),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)),
                ChangeOrigin.operator("admin", "other reason", "node-2", OPERATOR.at())),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)),
                ChangeOrigin.operator("admin", "court order", "node-2", OPERATOR.at().plusMillis(1))),
            HistoryEntry.ofDelete(ALICE, 3, Optional.of(keyOf(ALICE, 2)),
                ChangeOrigin.account("admin", "node-2", OPERATOR.at())));

        for (HistoryEntry variant : variants) {
            assertThat(variant.leafHash()).as(variant.toString()).isNotEqualTo(base.leafHash());
        }
    }

    @Test
    void theLeafShouldCommitToTheKeyBytesNotOnlyToTheFingerprint() {
        StoredKey key = keyOf(ALICE, 1);
        StoredKey sameFingerprintOtherBytes = new StoredKey(ALICE, new byte[] {1, 2, 3}, key.fingerprint(),
            key.publishedAt(), key.version());

        assertThat(HistoryEntry.ofPut(sameFingerprintOtherBytes, Optional.empty(), ALICE_ORIGIN).leafHash())
            .isNotEqualTo(HistoryEntry.ofPut(key, Optional.empty(), ALICE_ORIGIN).leafHash());
    }

    @Test
    void damagedBytesShouldBeRefused() {
        byte[] canonical = HistoryEntry.ofPut(keyOf(ALICE, 1), Optional.empty(), ALICE_ORIGIN).canonicalBytes();

        assertThatThrownBy(() -> HistoryEntry.fromCanonicalBytes(java.util.Arrays.copyOf(canonical, 10)))
            .isInstanceOf(IOException.class);
        canonical[0] = 'X';
        assertThatThrownBy(() -> HistoryEntry.fromCanonicalBytes(canonical)).isInstanceOf(IOException.class);
    }
}
