package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Checks one public key ring for an account (docs/PROTOCOL.md 2.2 item 3) and writes the packets it keeps (2.3): the
 * primary key with its valid direct-key and revocation self-signatures, the user IDs of the account's address with
 * their valid self-certifications and self-revocations, and the subkeys that have a valid binding, with their
 * bindings and revocations. Everything else (third-party certifications, user attributes, other user IDs, unbound
 * subkeys, subkeys off the algorithm list) is dropped unverified. A primary key off the list
 * ({@link KeyAlgorithms}) is refused before any signature is verified.
 */
final class KeySanitiser {
    private final PGPPublicKey primary;
    private final SignatureChecks checks;
    private final ByteArrayOutputStream packets = new ByteArrayOutputStream();
    private final List<String> keptUserIds = new ArrayList<>();
    private boolean directKeySigned;

    private KeySanitiser(PGPPublicKey primary, WorkBudget budget) {
        this.primary = primary;
        this.checks = new SignatureChecks(primary, budget);
    }

    /** @param budget the key's budget: no signature is verified once it is spent */
    static SanitisedKey sanitise(PGPPublicKeyRing ring, String accountAddress, WorkBudget budget)
        throws ProtocolException {
        PGPPublicKey primary = ring.getPublicKey();
        Optional<String> offTheList = KeyAlgorithms.refusal(primary);
        if (offTheList.isPresent()) {
            throw ProtocolException.badKey("primary key: " + offTheList.get());
        }
        try {
            return new KeySanitiser(primary, budget).run(ring, accountAddress);
        } catch (SignatureChecks.OutOfTime e) {
            throw ProtocolException.badKey("checking the key took longer than its time budget");
        } catch (IOException | RuntimeException e) {
            throw ProtocolException.badKey("the key could not be re-encoded");
        }
    }

    private SanitisedKey run(PGPPublicKeyRing ring, String accountAddress) throws IOException, ProtocolException {
        packets.write(primary.getPublicKeyPacket().getEncoded());
        keepPrimarySignatures();
        keepUserIdsOf(accountAddress);
        if (keptUserIds.isEmpty()) {
            if (!directKeySigned && !anyOtherUserIdCertified(accountAddress)) {
                throw ProtocolException.badKey("no valid self-signature");
            }
            throw ProtocolException.addressMismatch("no self-certified user ID for the account");
        }
        Iterator<PGPPublicKey> keys = ring.getPublicKeys();
        keys.next();
        while (keys.hasNext()) {
            keepSubkey(keys.next());
        }
        byte[] bytes = packets.toByteArray();
        KeyRings.single(bytes); // what is stored must read back as one key
        return new SanitisedKey(bytes, KeyRings.fingerprint(primary), keptUserIds);
    }

    private void keepPrimarySignatures() throws IOException {
        for (PGPSignature signature : list(primary.getKeySignatures())) {
            int type = signature.getSignatureType();
            boolean selfType = type == PGPSignature.DIRECT_KEY || type == PGPSignature.KEY_REVOCATION;
            if (selfType && checks.validOnPrimary(signature)) {
                packets.write(signature.getEncoded());
                directKeySigned |= type == PGPSignature.DIRECT_KEY;
            }
        }
    }

    private void keepUserIdsOf(String accountAddress) throws IOException {
        Set<ByteBuffer> seen = new HashSet<>();
        for (byte[] rawUserId : list(primary.getRawUserIDs())) {
            String userId = new String(rawUserId, StandardCharsets.UTF_8);
            if (!namesAccount(userId, accountAddress) || !seen.add(ByteBuffer.wrap(rawUserId))) {
                continue;
            }
            List<PGPSignature> kept = new ArrayList<>();
            boolean certified = false;
            for (PGPSignature signature : list(primary.getSignaturesForID(rawUserId))) {
                boolean certification = isCertification(signature);
                boolean revocation = signature.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION;
                if ((certification || revocation) && checks.validOnUserId(signature, rawUserId)) {
                    kept.add(signature);
                    certified |= certification;
                }
            }
            if (certified) {
                packets.write(new org.bouncycastle.bcpg.UserIDPacket(rawUserId).getEncoded());
                for (PGPSignature signature : kept) {
                    packets.write(signature.getEncoded());
                }
                keptUserIds.add(userId);
            }
        }
    }

    /** Only asked when no user ID names the account, to tell a key without self-signatures from a mismatch. */
    private boolean anyOtherUserIdCertified(String accountAddress) {
        for (byte[] rawUserId : list(primary.getRawUserIDs())) {
            if (namesAccount(new String(rawUserId, StandardCharsets.UTF_8), accountAddress)) {
                continue;
            }
            for (PGPSignature signature : list(primary.getSignaturesForID(rawUserId))) {
                if (isCertification(signature) && checks.validOnUserId(signature, rawUserId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A subkey off the {@link KeyAlgorithms} list is dropped before any of its signatures is looked at. */
    private void keepSubkey(PGPPublicKey subkey) throws IOException {
        if (KeyAlgorithms.refusal(subkey).isPresent()) {
            return;
        }
        List<PGPSignature> kept = new ArrayList<>();
        boolean bound = false;
        for (PGPSignature signature : list(subkey.getSignatures())) {
            int type = signature.getSignatureType();
            boolean binding = type == PGPSignature.SUBKEY_BINDING;
            if ((binding || type == PGPSignature.SUBKEY_REVOCATION) && checks.validOnSubkey(signature, subkey)) {
                kept.add(signature);
                bound |= binding;
            }
        }
        if (bound) {
            packets.write(subkey.getPublicKeyPacket().getEncoded());
            for (PGPSignature signature : kept) {
                packets.write(signature.getEncoded());
            }
        }
    }

    private static boolean namesAccount(String userId, String accountAddress) {
        return MailAddresses.ofUserId(userId).filter(address -> MailAddresses.sameMailbox(address, accountAddress))
            .isPresent();
    }

    static boolean isCertification(PGPSignature signature) {
        int type = signature.getSignatureType();
        return type >= PGPSignature.DEFAULT_CERTIFICATION && type <= PGPSignature.POSITIVE_CERTIFICATION;
    }

    static <T> List<T> list(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        if (iterator != null) {
            iterator.forEachRemaining(items::add);
        }
        return items;
    }
}
