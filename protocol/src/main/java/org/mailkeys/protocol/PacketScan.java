package org.mailkeys.protocol;

/**
 * A walk over the top-level OpenPGP packet headers of some key bytes, without parsing the packets: it finds secret
 * key packets and counts packets cheaply, before any costly parsing (RFC 9580 section 4.2).
 */
final class PacketScan {
    static final int PUBLIC_KEY_TAG = 6;
    private static final int SECRET_KEY_TAG = 5;
    private static final int SECRET_SUBKEY_TAG = 7;

    private final boolean wellFormed;
    private final boolean secretKey;
    private final int firstTag;
    private final int count;
    private final int publicKeyCount;

    private PacketScan(boolean wellFormed, boolean secretKey, int firstTag, int count, int publicKeyCount) {
        this.wellFormed = wellFormed;
        this.secretKey = secretKey;
        this.firstTag = firstTag;
        this.count = count;
        this.publicKeyCount = publicKeyCount;
    }

    /** Stops after {@code maxPackets}; {@link #wellFormed()} is then false. */
    static PacketScan of(byte[] bytes, int maxPackets) {
        int position = 0;
        int count = 0;
        int firstTag = -1;
        int publicKeys = 0;
        boolean secret = false;
        while (position < bytes.length) {
            if (count == maxPackets) {
                return new PacketScan(false, secret, firstTag, count, publicKeys);
            }
            int header = bytes[position] & 0xFF;
            if ((header & 0x80) == 0) {
                return new PacketScan(false, secret, firstTag, count, publicKeys);
            }
            int tag;
            long bodyStart;
            long bodyLength;
            if ((header & 0x40) != 0) {
                tag = header & 0x3F;
                int first = at(bytes, position + 1);
                if (first < 0) {
                    return new PacketScan(false, secret, firstTag, count, publicKeys);
                } else if (first < 192) {
                    bodyStart = position + 2L;
                    bodyLength = first;
                } else if (first < 224) {
                    int second = at(bytes, position + 2);
                    bodyStart = position + 3L;
                    bodyLength = second < 0 ? -1 : ((first - 192L) << 8) + second + 192;
                } else if (first == 255) {
                    bodyStart = position + 6L;
                    bodyLength = fourOctets(bytes, position + 2);
                } else {
                    // partial body lengths are only for data packets, never in a key
                    return new PacketScan(false, secret, firstTag, count, publicKeys);
                }
            } else {
                tag = (header >> 2) & 0x0F;
                int lengthType = header & 0x03;
                if (lengthType == 3) {
                    return new PacketScan(false, secret, firstTag, count, publicKeys);
                }
                int octets = 1 << lengthType;
                bodyStart = position + 1L + octets;
                bodyLength = octets == 4 ? fourOctets(bytes, position + 1) : number(bytes, position + 1, octets);
            }
            if (bodyLength < 0 || bodyStart + bodyLength > bytes.length) {
                return new PacketScan(false, secret, firstTag, count, publicKeys);
            }
            secret |= tag == SECRET_KEY_TAG || tag == SECRET_SUBKEY_TAG;
            firstTag = firstTag < 0 ? tag : firstTag;
            publicKeys += tag == PUBLIC_KEY_TAG ? 1 : 0;
            count++;
            position = (int) (bodyStart + bodyLength);
        }
        return new PacketScan(count > 0, secret, firstTag, count, publicKeys);
    }

    private static int at(byte[] bytes, int index) {
        return index < bytes.length ? bytes[index] & 0xFF : -1;
    }

    private static long fourOctets(byte[] bytes, int index) {
        return number(bytes, index, 4);
    }

    private static long number(byte[] bytes, int index, int octets) {
        if (index + octets > bytes.length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < octets; i++) {
            value = (value << 8) | (bytes[index + i] & 0xFF);
        }
        return value;
    }

    /** Every byte belongs to a packet with a definite length, and there were at most the allowed packets. */
    boolean wellFormed() {
        return wellFormed;
    }

    /** A secret key or secret subkey packet was among the packets walked. */
    boolean secretKey() {
        return secretKey;
    }

    /** The tag of the first packet, -1 when there is none. */
    int firstTag() {
        return firstTag;
    }

    int count() {
        return count;
    }

    /** How many primary public key packets (transferable public keys) were walked. */
    int publicKeyCount() {
        return publicKeyCount;
    }
}
