package org.mailkeys.store.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.StoredKey;

/**
 * One {@link KeyRecord} in one file, as {@link FileKeyStore} keeps it. Binary layout (big-endian,
 * {@link DataOutputStream}):
 *
 * <pre>
 * int magic "MKR2" | byte kind (1 key, 0 tombstone) | long version | UTF address
 * | UTF request id | long operator fence ({@link org.mailkeys.store.WriteDecision})
 * [key only: UTF fingerprint | long seconds | int nanos | int length | key bytes]
 * long CRC32 of everything before it
 * </pre>
 *
 * Records of the first format ("MKR1", without request id and fence) are still read, so that a folder written by
 * the first release still serves its keys: no request id, fence 0. An empty request id reads as none.
 *
 * The checksum catches a record damaged outside the store; the store itself never leaves a partial record, since it
 * writes records by atomic rename.
 */
final class RecordFile {
    private static final int MAGIC_WITHOUT_REQUEST_ID = 0x4d4b5231;
    private static final int MAGIC = 0x4d4b5232;
    private static final byte KIND_TOMBSTONE = 0;
    private static final byte KIND_KEY = 1;

    private RecordFile() {
    }

    static byte[] encode(KeyRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            Optional<StoredKey> key = record.key();
            out.writeInt(MAGIC);
            out.writeByte(key.isPresent() ? KIND_KEY : KIND_TOMBSTONE);
            out.writeLong(record.version());
            out.writeUTF(record.address());
            out.writeUTF(record.requestId().orElse(""));
            out.writeLong(record.fence());
            if (key.isPresent()) {
                StoredKey stored = key.get();
                byte[] keyBytes = stored.keyBytes();
                out.writeUTF(stored.fingerprint());
                out.writeLong(stored.publishedAt().getEpochSecond());
                out.writeInt(stored.publishedAt().getNano());
                out.writeInt(keyBytes.length);
                out.write(keyBytes);
            }
            out.flush();
            out.writeLong(checksum(bytes.toByteArray(), bytes.size()));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyRecord decode(byte[] encoded) throws IOException {
        if (encoded.length < Long.BYTES
            || checksum(encoded, encoded.length - Long.BYTES) != readTrailingChecksum(encoded)) {
            throw new IOException("Damaged key record: checksum mismatch");
        }
        DataInputStream in = new DataInputStream(
            new ByteArrayInputStream(Arrays.copyOf(encoded, encoded.length - Long.BYTES)));
        int magic = in.readInt();
        if (magic != MAGIC && magic != MAGIC_WITHOUT_REQUEST_ID) {
            throw new IOException("Not a key record");
        }
        byte kind = in.readByte();
        long version = in.readLong();
        String address = in.readUTF();
        Optional<String> requestId = Optional.empty();
        long fence = 0;
        if (magic == MAGIC) {
            String id = in.readUTF();
            requestId = id.isEmpty() ? Optional.empty() : Optional.of(id);
            fence = in.readLong();
        }
        Optional<StoredKey> key;
        if (kind == KIND_TOMBSTONE) {
            key = Optional.empty();
        } else if (kind == KIND_KEY) {
            String fingerprint = in.readUTF();
            Instant publishedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            byte[] keyBytes = in.readNBytes(in.readInt());
            key = Optional.of(new StoredKey(address, keyBytes, fingerprint, publishedAt, version));
        } else {
            throw new IOException("Unknown key record kind " + kind);
        }
        if (in.available() != 0) {
            throw new IOException("Damaged key record: trailing bytes");
        }
        return KeyRecord.read(address, version, key, requestId, fence);
    }
    private static long checksum(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return crc.getValue();
    }

    private static long readTrailingChecksum(byte[] encoded) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(encoded, encoded.length - Long.BYTES, Long.BYTES))
            .readLong();
    }
}
