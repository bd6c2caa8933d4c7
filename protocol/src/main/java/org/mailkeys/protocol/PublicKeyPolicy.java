package org.mailkeys.protocol;

import java.time.Duration;

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
 * <p>Bounded work (docs/PROTOCOL.md 2.2 item 5): before any signature is verified, the primary key and every subkey are
 * held against the algorithm and size list ({@link KeyAlgorithms}): a primary key off it is BAD_KEY with a text that
 * names the reason, a subkey off it is dropped. No signature verification starts once the key's time budget
 * (default {@link #DEFAULT_TIME_BUDGET}) has run out: the key is then BAD_KEY.
 *
 * <p>A client can call it too, on a key it retrieved, with the queried address: it then knows the key is
 * self-signed for that address and gets its fingerprint.
 */
public final class PublicKeyPolicy {
    /** Far above what a key on the list costs (the worst, DSA-3072 with 200 signatures, takes well under it). */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(2);

    private final Duration timeBudget;

    public PublicKeyPolicy() {
        this(DEFAULT_TIME_BUDGET);
    }

    /** @param timeBudget the CPU time after which no more signature of one key is verified ({@link WorkBudget}) */
    public PublicKeyPolicy(Duration timeBudget) {
        this.timeBudget = timeBudget;
    }

    /**
     * @param keyBytes the binary packets of the received block
     * @param accountAddress the SMTP AUTH account's mail address
     * @throws ProtocolException SECRET_KEY, BAD_KEY (does not parse, more than one key, off the algorithm list, over
     *         the time budget, no valid self-signatures) or ADDRESS_MISMATCH; its message is a fixed US-ASCII text
     *         (sizes at most, never key material) fit for the ERROR answer
     */
    public SanitisedKey accept(byte[] keyBytes, String accountAddress) throws ProtocolException {
        WorkBudget budget = WorkBudget.startingNow(timeBudget);
        if (!MailAddresses.isPlausible(accountAddress)) {
            throw ProtocolException.addressMismatch("the account is not a plausible address");
        }
        return KeySanitiser.sanitise(KeyRings.single(keyBytes), accountAddress, budget);
    }
}
