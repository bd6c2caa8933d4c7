package org.mailkeys.protocol;

import java.io.IOException;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/** Reads key bytes into exactly one Bouncy Castle public key ring, after a cheap check of the packets. */
final class KeyRings {
    /** More packets than any sane key has; the walk stops there, before Bouncy Castle parses anything. */
    static final int MAX_PACKETS = 10_000;

    private KeyRings() {
    }

    /**
     * @throws ProtocolException SECRET_KEY for secret key packets, BAD_KEY when the bytes are not exactly one
     *         transferable public key
     */
    static PGPPublicKeyRing single(byte[] keyBytes) throws ProtocolException {
        PacketScan scan = PacketScan.of(keyBytes, MAX_PACKETS);
        if (scan.secretKey()) {
            throw ProtocolException.secretKey("secret key packets");
        }
        if (!scan.wellFormed() || scan.firstTag() != PacketScan.PUBLIC_KEY_TAG) {
            throw ProtocolException.badKey("not a sequence of OpenPGP packets starting with a public key");
        }
        try {
            BcPGPObjectFactory objects = new BcPGPObjectFactory(keyBytes);
            Object first = objects.nextObject();
            if (!(first instanceof PGPPublicKeyRing)) {
                throw ProtocolException.badKey("not a public key");
            }
            if (objects.nextObject() != null) {
                throw ProtocolException.badKey("more than one key, or other data after the key");
            }
            return (PGPPublicKeyRing) first;
        } catch (IOException | RuntimeException e) {
            throw ProtocolException.badKey("the key does not parse");
        }
    }

    static String fingerprint(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }
}
