package org.mailkeys.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.StoredKey;

/** The record files on disk: folders written by earlier builds must still read, and new files must look the same. */
class RecordFileTest {
    private static final StoredKey KEY = new StoredKey("alice@example.net", new byte[] {1, 2, 3, 4, 5}, "ABCDEF0123",
        Instant.parse("2026-11-29T12:00:00.123456789Z"), 42);
    /** Written by the store before records became one type for every store. */
    private static final String KEY_FILE = "4d4b523201000000000000002a0011616c696365406578616d706c652e6e657400057265712d3100"
        + "00000000000007000a41424344454630313233000000006b0c13c0075bcd1500000005010203040500000000732f4d29";
    private static final String TOMBSTONE_FILE = "4d4b523200000000000000002b0011616c696365406578616d706c652e6e6574000572"
        + "65712d32000000000000002b00000000ba165dc7";

    @Test
    void aKeyShouldBeWrittenAndReadAsBefore() throws IOException {
        KeyRecord record = KeyRecord.of(KEY, "req-1", 7);

        assertThat(hex(RecordFile.encode(record))).isEqualTo(KEY_FILE);
        assertThat(RecordFile.decode(bytes(KEY_FILE))).isEqualTo(record);
    }

    @Test
    void aTombstoneShouldBeWrittenAndReadAsBefore() throws IOException {
        KeyRecord record = KeyRecord.tombstone("alice@example.net", 43, "req-2", 43);

        assertThat(hex(RecordFile.encode(record))).isEqualTo(TOMBSTONE_FILE);
        assertThat(RecordFile.decode(bytes(TOMBSTONE_FILE))).isEqualTo(record);
    }

    @Test
    void aRecordOfTheFirstFormatShouldReadWithoutRequestIdAndFence() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x4d4b5231); // "MKR1"
        out.writeByte(1);
        out.writeLong(42);
        out.writeUTF("Alice@Example.net");
        out.writeUTF("ABCDEF0123");
        out.writeLong(KEY.publishedAt().getEpochSecond());
        out.writeInt(KEY.publishedAt().getNano());
        out.writeInt(5);
        out.write(KEY.keyBytes());
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());

        KeyRecord read = RecordFile.decode(bytes.toByteArray());

        assertThat(read.address()).isEqualTo("alice@example.net");
        assertThat(read.key()).contains(KEY);
        assertThat(read.requestId()).isEmpty();
        assertThat(read.fence()).isZero();
    }

    @Test
    void aDamagedRecordShouldBeRefused() {
        byte[] damaged = bytes(KEY_FILE);
        damaged[20] ^= 1;

        assertThatThrownBy(() -> RecordFile.decode(damaged)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
    }

    @Test
    void anEmptyRequestIdShouldReadAsNone() throws IOException {
        KeyRecord withoutId = KeyRecord.read("alice@example.net", 42, Optional.of(KEY), Optional.empty(), 0);

        assertThat(RecordFile.decode(RecordFile.encode(withoutId)).requestId()).isEmpty();
    }

    private static String hex(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (byte b : data) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] bytes(String hex) {
        byte[] data = new byte[hex.length() / 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return data;
    }
}
