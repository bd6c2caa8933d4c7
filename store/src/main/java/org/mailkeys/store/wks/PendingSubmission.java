package org.mailkeys.store.wks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A Web Key Service submission waiting for its confirmation (draft-koch-openpgp-webkey-service section 4.4): the
 * sanitised key, for which account and address, the nonce sent in the confirmation request, and when it expires.
 * The key store keeps it so that any node of a cluster can take the confirmation response.
 */
public final class PendingSubmission {
    private static final int FORMAT = 1;
    private static final int MAX_KEY_BYTES = 1024 * 1024;

    private final String account;
    private final String nonce;
    private final String fingerprint;
    private final byte[] keyBytes;
    private final Instant expiresAt;

    public PendingSubmission(String account, String nonce, String fingerprint, byte[] keyBytes, Instant expiresAt) {
        this.account = Objects.requireNonNull(account);
        this.nonce = Objects.requireNonNull(nonce);
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.keyBytes = keyBytes.clone();
        this.expiresAt = Objects.requireNonNull(expiresAt);
    }

    /** The SMTP AUTH account that submitted the key; its address is the key's one user ID's address. */
    public String account() {
        return account;
    }

    public String nonce() {
        return nonce;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public byte[] keyBytes() {
        return keyBytes.clone();
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeUTF(account);
            out.writeUTF(nonce);
            out.writeUTF(fingerprint);
            out.writeLong(expiresAt.toEpochMilli());
            out.writeInt(keyBytes.length);
            out.write(keyBytes);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PendingSubmission fromBytes(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readByte() != FORMAT) {
            throw new IOException("unknown pending submission format");
        }
        String account = in.readUTF();
        String nonce = in.readUTF();
        String fingerprint = in.readUTF();
        Instant expiresAt = Instant.ofEpochMilli(in.readLong());
        int length = in.readInt();
        if (length < 0 || length > MAX_KEY_BYTES) {
            throw new IOException("bad pending submission key length");
        }
        byte[] key = in.readNBytes(length);
        if (key.length != length) {
            throw new IOException("truncated pending submission");
        }
        return new PendingSubmission(account, nonce, fingerprint, key, expiresAt);
    }
}
