package org.mailkeys.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenPGP ASCII armor (RFC 4880 section 6) for public key blocks, as far as a client needs it: read the key
 * bytes of a key file (armored or binary) and write key bytes as an armored block. Refuses secret keys.
 */
public final class KeyArmor {
    private static final String BEGIN_PUBLIC = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String END_PUBLIC = "-----END PGP PUBLIC KEY BLOCK-----";
    private static final int PUBLIC_KEY_TAG = 6;
    private static final int SECRET_KEY_TAG = 5;
    private static final int SECRET_SUBKEY_TAG = 7;

    private KeyArmor() {
    }

    /**
     * The binary packets of a public key, from an armored block or a binary file.
     *
     * @throws IllegalArgumentException for secret keys, several blocks, or anything that is not a public key
     */
    public static byte[] publicKeyBytes(byte[] fileContent) {
        String text = new String(fileContent, StandardCharsets.US_ASCII);
        if (text.contains("PRIVATE KEY BLOCK") || text.contains("SECRET KEY BLOCK")) {
            throw new IllegalArgumentException("this is a secret key: only public keys are ever published");
        }
        byte[] bytes = text.contains("-----BEGIN PGP") ? dearmor(text) : fileContent.clone();
        checkPublicKeyPackets(bytes);
        return bytes;
    }

    private static byte[] dearmor(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        int begin = normalised.indexOf(BEGIN_PUBLIC);
        if (begin < 0) {
            throw new IllegalArgumentException("not an OpenPGP public key block");
        }
        if (normalised.indexOf(BEGIN_PUBLIC, begin + 1) >= 0) {
            throw new IllegalArgumentException("more than one key block: give one key");
        }
        int end = normalised.indexOf(END_PUBLIC, begin);
        if (end < 0) {
            throw new IllegalArgumentException("the key block has no end line");
        }
        int firstLine = normalised.indexOf('\n', begin);
        if (firstLine < 0 || firstLine > end) {
            throw new IllegalArgumentException("the key block is empty");
        }
        String[] lines = normalised.substring(firstLine + 1, end).split("\n");
        StringBuilder base64 = new StringBuilder();
        boolean inHeaders = true;
        for (String raw : lines) {
            String line = raw.strip();
            if (inHeaders) {
                if (line.isEmpty() && base64.length() == 0) {
                    inHeaders = false; // the blank line that ends the armor headers
                } else if (line.contains(": ")) {
                    continue;
                } else if (!line.isEmpty()) {
                    inHeaders = false;
                    base64.append(line);
                }
                continue;
            }
            if (line.startsWith("=") && line.length() == 5) {
                break; // CRC line
            }
            base64.append(line);
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key block is not valid base64");
        }
    }

    /** How many primary public keys (transferable public keys) the packets hold. */
    public static int primaryKeyCount(byte[] keyBytes) {
        return (int) packetTags(keyBytes).stream().filter(tag -> tag == PUBLIC_KEY_TAG).count();
    }

    /** Walks the packet headers: the first packet must be a public key, and no packet may be secret key material. */
    public static void checkPublicKeyPackets(byte[] bytes) {
        List<Integer> tags = packetTags(bytes);
        if (tags.contains(SECRET_KEY_TAG) || tags.contains(SECRET_SUBKEY_TAG)) {
            throw new IllegalArgumentException("this is a secret key: only public keys are ever published");
        }
        if (tags.get(0) != PUBLIC_KEY_TAG) {
            throw new IllegalArgumentException("not an OpenPGP public key");
        }
    }

    private static List<Integer> packetTags(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the key is empty");
        }
        List<Integer> tags = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            int header = bytes[position] & 0xff;
            if ((header & 0x80) == 0) {
                throw new IllegalArgumentException("not OpenPGP data");
            }
            int tag;
            long length;
            int next;
            if ((header & 0x40) != 0) {
                tag = header & 0x3f;
                if (position + 1 >= bytes.length) {
                    throw new IllegalArgumentException("truncated OpenPGP data");
                }
                int first8 = bytes[position + 1] & 0xff;
                if (first8 < 192) {
                    length = first8;
                    next = position + 2;
                } else if (first8 < 224) {
                    length = ((first8 - 192) << 8) + (byteAt(bytes, position + 2)) + 192;
                    next = position + 3;
                } else if (first8 == 255) {
                    length = ((long) byteAt(bytes, position + 2) << 24) | (byteAt(bytes, position + 3) << 16)
                            | (byteAt(bytes, position + 4) << 8) | byteAt(bytes, position + 5);
                    next = position + 6;
                } else {
                    throw new IllegalArgumentException("partial-length packets do not belong in a key");
                }
            } else {
                tag = (header >> 2) & 0x0f;
                int lengthType = header & 0x03;
                if (lengthType == 0) {
                    length = byteAt(bytes, position + 1);
                    next = position + 2;
                } else if (lengthType == 1) {
                    length = (byteAt(bytes, position + 1) << 8) | byteAt(bytes, position + 2);
                    next = position + 3;
                } else if (lengthType == 2) {
                    length = ((long) byteAt(bytes, position + 1) << 24) | (byteAt(bytes, position + 2) << 16)
                            | (byteAt(bytes, position + 3) << 8) | byteAt(bytes, position + 4);
                    next = position + 5;
                } else {
                    throw new IllegalArgumentException("indeterminate-length packets do not belong in a key");
                }
            }
            tags.add(tag);
            if (next + length > bytes.length) {
                throw new IllegalArgumentException("truncated OpenPGP data");
            }
            position = (int) (next + length);
        }
        return tags;
    }

    private static int byteAt(byte[] bytes, int index) {
        if (index >= bytes.length) {
            throw new IllegalArgumentException("truncated OpenPGP data");
        }
        return bytes[index] & 0xff;
    }

    /** Key bytes as an armored public key block with CRC-24, lines of 64 characters, LF line ends. */
    public static String armor(byte[] keyBytes) {
        StringBuilder out = new StringBuilder(BEGIN_PUBLIC).append("\n\n");
        String base64 = Base64.getEncoder().encodeToString(keyBytes);
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        int crc = crc24(keyBytes);
        byte[] crcBytes = {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc};
        out.append('=').append(Base64.getEncoder().encodeToString(crcBytes)).append('\n');
        return out.append(END_PUBLIC).append('\n').toString();
    }

    private static int crc24(byte[] data) {
        int crc = 0xB704CE;
        for (byte b : data) {
            crc ^= (b & 0xff) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }
}
