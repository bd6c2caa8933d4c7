package org.mailkeys.client;

import java.util.Objects;
import java.util.Optional;

import org.mailkeys.transparency.LogProofBlock;

/** Checks the log proof of a MAC-verified lookup answer (docs/PROTOCOL.md, version 2). */
public interface TransparencyCheck {
    /**
     * @param keyBytes the key bytes the answer carried, exactly as its MAC covers them; empty for NOT-FOUND
     * @param block the answer's proof block; empty for a version-1 answer
     */
    Verdict check(String address, Optional<byte[]> keyBytes, Optional<LogProofBlock> block);

    /**
     * The owner's publication of {@code keyBytes} was confirmed (the confirmation's MAC verified): its key hash is
     * hers, which her watch of the log must not alert on. Called before the confirmation's proof is checked, since
     * that check teaches the watch her label.
     */
    default void ownKeyConfirmed(String address, byte[] keyBytes) {
    }

    /** The owner asked for the deletion of her key: its log entry is expected. */
    default void ownDeletionRequested(String address) {
    }

    /** What was found: the status, whether the answer is to be thrown away as tampered, and why. */
    final class Verdict {
        private final Transparency status;
        private final boolean tampered;
        private final String reason;

        private Verdict(Transparency status, boolean tampered, String reason) {
            this.status = status;
            this.tampered = tampered;
            this.reason = Objects.requireNonNull(reason);
        }

        public static Verdict verified(String how) {
            return new Verdict(Transparency.VERIFIED, false, how);
        }

        public static Verdict notOffered(String why) {
            return new Verdict(Transparency.NOT_OFFERED, false, why);
        }

        /** Could not be checked (no keys, tiles unreachable, a changed log key): not proof of tampering. */
        public static Verdict unchecked(String why) {
            return new Verdict(Transparency.FAILED, false, why);
        }

        /** A proof that failed, a fork or shrink, an entry for another key: the answer is not used. */
        public static Verdict tampered(String why) {
            return new Verdict(Transparency.FAILED, true, why);
        }

        public Transparency status() {
            return status;
        }

        public boolean tampered() {
            return tampered;
        }

        public String reason() {
            return reason;
        }
    }

    /** For clients that check no log: every answer is {@code not-offered}, or {@code failed} when it has a proof. */
    TransparencyCheck NONE = (address, keyBytes, block) -> block.isPresent()
            ? Verdict.unchecked("this client was set up without log checks") : Verdict.notOffered("no log proof");
}
