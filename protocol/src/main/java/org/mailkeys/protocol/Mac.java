package org.mailkeys.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/** An HMAC-SHA256 value as docs/PROTOCOL.md section 1 defines it. Compared in constant time only. */
public final class Mac {
    public static final int LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern BASE64_44 = Pattern.compile("[A-Za-z0-9+/]{43}=");

    private final byte[] bytes;

    private Mac(byte[] bytes) {
        this.bytes = bytes;
    }

    static Mac compute(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance(ALGORITHM);
            hmac.init(new SecretKeySpec(key, ALGORITHM));
            return new Mac(hmac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    public static Optional<Mac> parse(String line) {
        if (line == null || !BASE64_44.matcher(line).matches()) {
            return Optional.empty();
        }
        byte[] decoded = Base64.getDecoder().decode(line);
        if (!Base64.getEncoder().encodeToString(decoded).equals(line)) {
            return Optional.empty();
        }
        return Optional.of(new Mac(decoded));
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Constant-time comparison. */
    public boolean matches(Mac other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Whether this MAC is HMAC-SHA256(kAuth, data), compared in constant time. */
    public boolean verifies(KAuth kAuth, byte[] data) {
        return matches(kAuth.macOver(data));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mac && matches((Mac) other);
    }

    @Override
    public int hashCode() {
        return 0; // never hash on secret-dependent bytes
    }

    @Override
    public String toString() {
        return "Mac[redacted]";
    }
}
