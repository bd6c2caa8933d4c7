package org.mailkeys.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code application/vnd.gnupg.wks} text (draft-koch-openpgp-webkey-service section 4.4 and 4.5): lines of
 * {@code name: value}, as gpg-wks-server writes the confirmation request ({@code type}, {@code sender},
 * {@code address}, {@code fingerprint}, {@code nonce}) and gpg-wks-client the response ({@code type},
 * {@code sender}, {@code address}, {@code nonce}). Reading is bounded: at most {@value #MAX_LINES} lines of at most
 * {@value #MAX_LINE_LENGTH} characters; a repeated name is malformed.
 */
public final class WksText {
    public static final String CONFIRMATION_REQUEST = "confirmation-request";
    public static final String CONFIRMATION_RESPONSE = "confirmation-response";
    /** 20 random bytes in z-base-32, as gpg-wks-server makes them (32 characters). */
    public static final int NONCE_BYTES = 20;
    static final int MAX_LINES = 32;
    static final int MAX_LINE_LENGTH = 300;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final String ZBASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769";

    private final Map<String, String> fields;

    private WksText(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The confirmation request's text, with LF line ends as gpg-wks-server writes it. */
    public static String confirmationRequest(String sender, String address, String fingerprint, String nonce) {
        return "type: " + CONFIRMATION_REQUEST + "\n"
            + "sender: " + sender + "\n"
            + "address: " + address + "\n"
            + "fingerprint: " + fingerprint + "\n"
            + "nonce: " + nonce + "\n";
    }

    /** A new nonce: {@value #NONCE_BYTES} random bytes in z-base-32. */
    public static String newNonce(SecureRandom random) {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                text.append(ZBASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return text.toString();
    }

    /** Constant time in the length of the expected value: nonces and fingerprints are compared this way. */
    public static boolean sameSecret(String expected, String received) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the text (the body of a decrypted {@code application/vnd.gnupg.wks} part).
     *
     * @throws ProtocolException MALFORMED when over the bounds, a line is no {@code name: value} or a name repeats
     */
    public static WksText parse(String text) throws ProtocolException {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", MAX_LINES + 2);
        if (lines.length > MAX_LINES + 1) {
            throw ProtocolException.malformed("the Web Key Service text has too many lines");
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (line.length() > MAX_LINE_LENGTH || colon < 1) {
                throw ProtocolException.malformed("the Web Key Service text has a malformed line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (!NAME.matcher(name).matches() || fields.putIfAbsent(name, value) != null) {
                throw ProtocolException.malformed("the Web Key Service text has a malformed or repeated name");
            }
        }
        return new WksText(fields);
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
