package org.mailkeys.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The Web Key Directory name of a local part (draft-koch-openpgp-webkey-service, section 3.1): upper-case ASCII
 * letters mapped to lower case, the UTF-8 bytes hashed with SHA-1, the 20 bytes encoded in z-base-32 (32 letters).
 */
public final class WebKeyHash {
    private static final Pattern WELL_FORMED = Pattern.compile("[ybndrfg8ejkmcpqxot1uwisza345h769]{32}");

    private WebKeyHash() {
    }

    public static String ofLocalPart(String localPart) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest(asciiLowerCase(localPart).getBytes(StandardCharsets.UTF_8));
            return ZBase32.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** The hash part of an address, which must hold an {@code @}. */
    public static String ofAddress(String address) {
        String localPart = MailAddressIdentity.localPartOf(address);
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("Not a mail address");
        }
        return ofLocalPart(localPart);
    }

    /** True for 32 z-base-32 letters, the only form a hash can take: nothing else ever reaches a path or a query. */
    public static boolean isWellFormed(String hash) {
        return hash != null && WELL_FORMED.matcher(hash).matches();
    }

    /** Only A-Z: the draft leaves non-ASCII letters as they are. */
    private static String asciiLowerCase(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }
}
