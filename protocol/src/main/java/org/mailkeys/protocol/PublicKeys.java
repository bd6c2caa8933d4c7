package org.mailkeys.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * What a client may want to show about key bytes, without checking any signature: use {@link PublicKeyPolicy} to
 * know that a key is valid for an address.
 */
public final class PublicKeys {
    private PublicKeys() {
    }

    /** Upper-case hex of the primary key's fingerprint; empty when the bytes are not one public key. */
    public static Optional<String> fingerprint(byte[] keyBytes) {
        try {
            return Optional.of(KeyRings.fingerprint(KeyRings.single(keyBytes).getPublicKey()));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    /** The user IDs as written in the key, unverified; empty when the bytes are not one public key. */
    public static List<String> userIds(byte[] keyBytes) {
        List<String> userIds = new ArrayList<>();
        try {
            PGPPublicKey primary = KeyRings.single(keyBytes).getPublicKey();
            primary.getUserIDs().forEachRemaining(userIds::add);
        } catch (ProtocolException | RuntimeException e) {
            return List.of();
        }
        return userIds;
    }
}
