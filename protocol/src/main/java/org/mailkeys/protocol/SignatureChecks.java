package org.mailkeys.protocol;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies signatures made by one primary key, with the lightweight Bouncy Castle operators (no JCA provider).
 * At most {@value #MAX_VERIFICATIONS} signatures are verified per key: signatures claiming another issuer are never
 * verified at all, and past the budget every signature counts as invalid, so crafted keys cannot cost much. The
 * primary key is on the {@link KeyAlgorithms} list before this class sees it, so one verification is cheap; a
 * {@link WorkBudget} bounds the whole: no verification starts once it is spent ({@link OutOfTime}).
 */
final class SignatureChecks {
    static final int MAX_VERIFICATIONS = 200;
    private final BcPGPContentVerifierBuilderProvider verifiers = new BcPGPContentVerifierBuilderProvider();

    /** The key's time budget ran out before all its signatures were checked. */
    static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super("the time budget of the key ran out", null, false, false);
        }
    }

    private final PGPPublicKey primary;
    private final WorkBudget budget;
    private int verifications;

    /** @param budget the key's budget, started on the thread that checks it; no verification starts once it is spent */
    SignatureChecks(PGPPublicKey primary, WorkBudget budget) {
        this.primary = primary;
        this.budget = budget;
    }

    /** The signature says it was made by the primary key, or names no issuer at all. */
    boolean claimsPrimary(PGPSignature signature) {
        return signature.getKeyIdentifiers().isEmpty() || signature.hasKeyIdentifier(primary.getKeyIdentifier());
    }

    /** A direct-key signature or key revocation on the primary key itself. */
    boolean validOnPrimary(PGPSignature signature) {
        return budgetAllows(signature) && verify(signature, () -> signature.verifyCertification(primary));
    }

    boolean validOnUserId(PGPSignature signature, byte[] rawUserId) {
        return budgetAllows(signature) && verify(signature, () -> signature.verifyCertification(rawUserId, primary));
    }

    /** A subkey binding or subkey revocation. */
    boolean validOnSubkey(PGPSignature signature, PGPPublicKey subkey) {
        return budgetAllows(signature) && verify(signature, () -> signature.verifyCertification(primary, subkey));
    }

    private boolean budgetAllows(PGPSignature signature) {
        if (!claimsPrimary(signature) || verifications >= MAX_VERIFICATIONS) {
            return false;
        }
        if (budget.spent()) {
            throw new OutOfTime();
        }
        verifications++;
        return true;
    }

    private interface Verification {
        boolean run() throws Exception;
    }

    private boolean verify(PGPSignature signature, Verification verification) {
        try {
            signature.init(verifiers, primary);
            return verification.run();
        } catch (Exception e) {
            // unsupported algorithms and broken signature packets are simply not valid
            return false;
        }
    }
}
