package org.mailkeys.protocol;

import java.util.Optional;

/**
 * The OpenPGP checks of docs/PROTOCOL.md section 2.2 (items 2 and 3) and the sanitising of section 2.3.
 * Bouncy Castle stays behind this class: no Bouncy Castle type appears in this module's public API,
 * because the extension jar relocates it.
 *
 * <p>In order: secret key packets are SECRET_KEY; bytes that are not exactly one transferable public key (garbage,
 * two keys, more than {@value KeyRings#MAX_PACKETS} packets) are BAD_KEY; a key where no user ID for the address
 * carries a valid self-certification is ADDRESS_MISMATCH, unless the primary key carries no valid self-signature
 * at all (BAD_KEY). Expired and revoked keys are accepted. Third-party certifications are never verified, only
 * dropped, and at most {@value SignatureChecks#MAX_VERIFICATIONS} signatures are verified per key.
 *
 * <p>A client can call it too, on a key it retrieved, with the queried address: it then knows the key is
 * self-signed for that address and gets its fingerprint.
 */
public final class PublicKeyPolicy {
    /**
     * @param keyBytes the binary packets of the received block
     * @param accountAddress the SMTP AUTH account's mail address
     * @throws ProtocolException SECRET_KEY, BAD_KEY (does not parse, more than one key, no valid self-signatures)
     *         or ADDRESS_MISMATCH; never with key material in its message
     */
    public SanitisedKey accept(byte[] keyBytes, String accountAddress) throws ProtocolException {
        if (!MailAddresses.isPlausible(accountAddress)) {
            throw new ProtocolException(ErrorCode.ADDRESS_MISMATCH, "the account is not a plausible address",
                Optional.empty());
        }
        return KeySanitiser.sanitise(KeyRings.single(keyBytes), accountAddress);
    }
}
