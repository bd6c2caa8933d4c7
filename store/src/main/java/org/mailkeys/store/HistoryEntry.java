package org.mailkeys.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied change of an address's key, as the key history keeps it: written once, never changed. Entries of an
 * address are ordered by version, the order in which the changes took effect.
 *
 * <p>Built to be hashed into a Merkle tree (a verifiable transparency log) later without migration: every entry has
 * one canonical byte form, {@link #canonicalBytes()}, and the digest of the new key bytes, so a leaf commits to the
 * exact key served, not only to its fingerprint. {@link #leafHash()} is the leaf hash of RFC 6962 section 2.1,
 * SHA-256(0x00 || canonical bytes). Times are whole milliseconds, what every store keeps.
 *
 * <pre>
 * canonical bytes (big-endian; UTF = 2-byte length, modified UTF-8, as DataOutputStream writes it):
 * int magic "MKH1" | UTF address | long version | byte change (1 published, 2 replaced, 3 deleted)
 * | UTF old fingerprint ("" none) | UTF new fingerprint ("" none) | byte n | n bytes SHA-256 of the new key (n 0 or 32)
 * | long epoch milliseconds | byte actor kind (1 account, 2 operator, 3 wks) | UTF actor | UTF node | UTF reason ("" none)
 * </pre>
 */
public final class HistoryEntry {
    /** What the change did. */
    public enum Change {
        /** A key where there was none. */
        PUBLISHED(1),
        /** A key that replaced another. */
        REPLACED(2),
        /** The key removed (or a deletion where there was none, which still takes a version). */
        DELETED(3);

        private final int code;

        Change(int code) {
            this.code = code;
        }

        /** The number that stands for this change in the canonical form and in the stores. */
        public int code() {
            return code;
        }

        public static Change of(int code) {
            return Arrays.stream(values()).filter(change -> change.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown history change " + code));
        }
    }

    private static final int MAGIC = 0x4d4b4831;
    private static final int DIGEST_LENGTH = 32;

    private final String address;
    private final long version;
    private final Change change;
    private final Optional<String> oldFingerprint;
    private final Optional<String> newFingerprint;
    private final Optional<byte[]> newKeyDigest;
    private final ChangeOrigin origin;

    /**
     * @param origin who made the change, where and when; its time is kept in whole milliseconds
     */
    public HistoryEntry(String address, long version, Change change, Optional<String> oldFingerprint,
                        Optional<String> newFingerprint, Optional<byte[]> newKeyDigest, ChangeOrigin origin) {
        this.address = StoredKey.normalise(address);
        this.version = version;
        this.change = Objects.requireNonNull(change);
        this.oldFingerprint = Objects.requireNonNull(oldFingerprint);
        this.newFingerprint = Objects.requireNonNull(newFingerprint);
        this.newKeyDigest = newKeyDigest.map(byte[]::clone);
        if (this.newKeyDigest.isPresent() && this.newKeyDigest.get().length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("A key digest is a SHA-256");
        }
        if (change == Change.DELETED == newFingerprint.isPresent()) {
            throw new IllegalArgumentException("A deletion has no new key, a publication has one");
        }
        this.origin = origin.dated(origin.at().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The entry of a key written over {@code previous} (empty when the address had no key). */
    public static HistoryEntry ofPut(StoredKey key, Optional<StoredKey> previous, ChangeOrigin origin) {
        return new HistoryEntry(key.address(), key.version(), previous.isPresent() ? Change.REPLACED : Change.PUBLISHED,
            previous.map(StoredKey::fingerprint), Optional.of(key.fingerprint()), Optional.of(sha256(key.keyBytes())),
            origin.dated(key.publishedAt()));
    }

    /** The entry of a deletion of {@code previous} (empty when the address had no key). */
    public static HistoryEntry ofDelete(String address, long version, Optional<StoredKey> previous,
                                        ChangeOrigin origin) {
        return new HistoryEntry(address, version, Change.DELETED, previous.map(StoredKey::fingerprint),
            Optional.empty(), Optional.empty(), origin);
    }

    public String address() {
        return address;
    }

    public long version() {
        return version;
    }

    public Change change() {
        return change;
    }

    public Optional<String> oldFingerprint() {
        return oldFingerprint;
    }

    public Optional<String> newFingerprint() {
        return newFingerprint;
    }

    /** SHA-256 of the new key bytes; empty for a deletion. */
    public Optional<byte[]> newKeyDigest() {
        return newKeyDigest.map(byte[]::clone);
    }

    /** Who made the change, where and when (a publication is dated by its key). */
    public ChangeOrigin origin() {
        return origin;
    }

    public Instant at() {
        return origin.at();
    }

    public ChangeOrigin.ActorKind actorKind() {
        return origin.actorKind();
    }

    public String actor() {
        return origin.actor();
    }

    public String node() {
        return origin.node();
    }

    public Optional<String> reason() {
        return origin.reason();
    }

    /** The one byte form of this entry, the input of {@link #leafHash()}. */
    public byte[] canonicalBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeUTF(address);
            out.writeLong(version);
            out.writeByte(change.code);
            out.writeUTF(oldFingerprint.orElse(""));
            out.writeUTF(newFingerprint.orElse(""));
            byte[] digest = newKeyDigest.orElse(new byte[0]);
            out.writeByte(digest.length);
            out.write(digest);
            out.writeLong(origin.at().toEpochMilli());
            ChangeOrigin.ActorKind actorKind = origin.actorKind();
            out.writeByte(actorKind == ChangeOrigin.ActorKind.ACCOUNT ? 1 : actorKind == ChangeOrigin.ActorKind.OPERATOR ? 2 : 3);
            out.writeUTF(origin.actor());
            out.writeUTF(origin.node());
            out.writeUTF(origin.reason().orElse(""));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@link #canonicalBytes()} back. */
    public static HistoryEntry fromCanonicalBytes(byte[] canonical) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(canonical));
        if (in.readInt() != MAGIC) {
            throw new IOException("Not a key history entry");
        }
        String address = in.readUTF();
        long version = in.readLong();
        int changeCode = in.readByte();
        Optional<String> oldFingerprint = nonEmpty(in.readUTF());
        Optional<String> newFingerprint = nonEmpty(in.readUTF());
        byte[] digest = in.readNBytes(in.readUnsignedByte());
        Instant at = Instant.ofEpochMilli(in.readLong());
        byte kind = in.readByte();
        ChangeOrigin.ActorKind actorKind = kind == 1 ? ChangeOrigin.ActorKind.ACCOUNT
            : kind == 2 ? ChangeOrigin.ActorKind.OPERATOR : ChangeOrigin.ActorKind.WKS;
        String actor = in.readUTF();
        String node = in.readUTF();
        Optional<String> reason = nonEmpty(in.readUTF());
        if (in.available() != 0) {
            throw new IOException("Damaged key history entry: trailing bytes");
        }
        try {
            return new HistoryEntry(address, version, Change.of(changeCode), oldFingerprint, newFingerprint,
                digest.length == 0 ? Optional.empty() : Optional.of(digest),
                ChangeOrigin.read(actorKind, actor, node, reason, at));
        } catch (IllegalArgumentException e) {
            throw new IOException("Damaged key history entry: " + e.getMessage(), e);
        }
    }

    /** RFC 6962 section 2.1: the hash of a Merkle tree leaf, SHA-256(0x00 || entry). */
    public byte[] leafHash() {
        MessageDigest sha256 = sha256Digest();
        sha256.update((byte) 0);
        return sha256.digest(canonicalBytes());
    }

    public static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Optional<String> nonEmpty(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEntry && Arrays.equals(canonicalBytes(), ((HistoryEntry) o).canonicalBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonicalBytes());
    }

    @Override
    public String toString() {
        return "HistoryEntry{" + address + ", v" + version + ", " + change + ", " + origin.actorKind() + " "
            + origin.actor() + "}";
    }
}
