package org.mailkeys.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The 32 random bytes a requester sends with every request (docs/PROTOCOL.md section 1).
 * Its text never appears in {@link #toString()}, so it cannot leak into a log line.
 */
public final class KAuth {
    public static final int LENGTH = 32;
    private static final Pattern BASE64_44 = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private KAuth(byte[] bytes) {
        this.bytes = bytes;
    }

    public static KAuth generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new KAuth(bytes);
    }

    public static KAuth of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("K_auth must be " + LENGTH + " bytes");
        }
        return new KAuth(bytes.clone());
    }

    /** Standard base64 with padding, 44 characters, decoding to exactly 32 bytes; anything else is empty. */
    public static Optional<KAuth> parse(String line) {
        if (line == null || !BASE64_44.matcher(line).matches()) {
            return Optional.empty();
        }
        byte[] decoded = Base64.getDecoder().decode(line);
        // "[A-Za-z0-9+/]{43}=" always decodes to 32 bytes, but the last character must carry no stray bits
        if (decoded.length != LENGTH || !Base64.getEncoder().encodeToString(decoded).equals(line)) {
            return Optional.empty();
        }
        return Optional.of(new KAuth(decoded));
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public Mac macOver(byte[] data) {
        return Mac.compute(bytes, data);
    }

    /** The MAC over a status line: its US-ASCII bytes without the line terminator. */
    public Mac macOver(String statusLine) {
        return macOver(statusLine.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KAuth && MessageDigest.isEqual(bytes, ((KAuth) other).bytes);
    }

    @Override
    public int hashCode() {
        return 0; // never hash on secret bytes, like Mac
    }

    @Override
    public String toString() {
        return "KAuth[redacted]";
    }
}
