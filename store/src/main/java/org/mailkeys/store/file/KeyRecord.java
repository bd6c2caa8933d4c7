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

import org.mailkeys.store.StoredKey;

/**
 * What {@link FileKeyStore} keeps for one address in one file: the key with its metadata, or a tombstone, and the
 * version of that write. Binary layout (big-endian, {@link DataOutputStream}):
 *
 * <pre>
 * int magic "MKR2" | byte kind (1 key, 0 tombstone) | long version | UTF address
 * | UTF request id | long operator fence ({@link org.mailkeys.store.WriteDecision})
 * [key only: UTF fingerprint | long seconds | int nanos | int length | key bytes]
 * long CRC32 of everything before it
 * </pre>
 *
 * Records of the first format ("MKR1", without request id and fence) are still read: no request id, fence 0.
 *
 * The checksum catches a record damaged outside the store; the store itself never leaves a partial record, since it
 * writes records by atomic rename.
 */
final class KeyRecord {
    private static final int MAGIC_WITHOUT_REQUEST_ID = 0x4d4b5231;
    private static final int MAGIC = 0x4d4b5232;
    private static final byte KIND_TOMBSTONE = 0;
    private static final byte KIND_KEY = 1;

    private final String address;
    private final long version;
    private final Optional<StoredKey> key;
    private final Optional<String> requestId;
    private final long fence;

    private KeyRecord(String address, long version, Optional<StoredKey> key, Optional<String> requestId,
                      long fence) {
        this.address = StoredKey.normalise(address); // records of older releases may hold another spelling
        this.version = version;
        this.key = key;
        this.requestId = requestId;
        this.fence = fence;
    }

    /** A record as the first format held it: no request id, no fence. */
    static KeyRecord of(StoredKey key) {
        return new KeyRecord(key.address(), key.version(), Optional.of(key), Optional.empty(), 0);
    }

    static KeyRecord of(StoredKey key, String requestId, long fence) {
        return new KeyRecord(key.address(), key.version(), Optional.of(key), Optional.of(requestId), fence);
    }

    static KeyRecord tombstone(String address, long version, String requestId, long fence) {
        return new KeyRecord(address, version, Optional.empty(), Optional.of(requestId), fence);
    }

    /** The request that wrote this record; empty for a record of the first format. */
    Optional<String> requestId() {
        return requestId;
    }

    /** The version of the latest operator deletion of the address, 0 when none. */
    long fence() {
        return fence;
    }

    String address() {
        return address;
    }

    long version() {
        return version;
    }

    /** The key, or empty for a tombstone. */
    Optional<StoredKey> key() {
        return key;
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeByte(key.isPresent() ? KIND_KEY : KIND_TOMBSTONE);
            out.writeLong(version);
            out.writeUTF(address);
            out.writeUTF(requestId.orElse(""));
            out.writeLong(fence);
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
        KeyRecord record;
        if (kind == KIND_TOMBSTONE) {
            record = new KeyRecord(address, version, Optional.empty(), requestId, fence);
        } else if (kind == KIND_KEY) {
            String fingerprint = in.readUTF();
            Instant publishedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            byte[] keyBytes = in.readNBytes(in.readInt());
            record = new KeyRecord(address, version,
                Optional.of(new StoredKey(address, keyBytes, fingerprint, publishedAt, version)), requestId, fence);
        } else {
            throw new IOException("Unknown key record kind " + kind);
        }
        if (in.available() != 0) {
            throw new IOException("Damaged key record: trailing bytes");
        }
        return record;
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
