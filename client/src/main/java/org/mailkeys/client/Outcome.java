package org.mailkeys.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one request, for one address. Only answers whose MAC verified become {@link Published},
 * {@link Deleted}, {@link KeyFound}, {@link NotFound} or a verified {@link ServerError}.
 */
public abstract class Outcome {
    private final String address;
    private final boolean relayed;
    /** Set once, by the client, for a request that was sent; null otherwise. */
    private Protection protection;
    /** Set for the answer to a lookup, once its log proof was looked at; null otherwise. */
    private Transparency transparency;
    private String transparencyReason;

    Outcome(String address, boolean relayed) {
        this.address = Objects.requireNonNull(address);
        this.relayed = relayed;
    }

    /**
     * How the connection that carried the request (and its K_auth) was authenticated (docs/PROTOCOL.md 6): {@code dane},
     * {@code mta-sts}, {@code dnssec+tls}, {@code tls} or {@code relayed}; empty when nothing was sent.
     */
    public Optional<Protection> protection() {
        return relayed ? Optional.of(Protection.RELAYED) : Optional.ofNullable(protection);
    }

    /** Records how the request travelled; the client calls it once, when it knows. */
    Outcome sentWith(Optional<Protection> used) {
        this.protection = used.orElse(null);
        return this;
    }

    /**
     * How the answer was checked against the provider's key log: {@code verified}, {@code not-offered} or
     * {@code failed}; empty for what is not a lookup's answer (or was refused before its log was looked at).
     */
    public Optional<Transparency> transparency() {
        return Optional.ofNullable(transparency);
    }

    /** Why the transparency is what it is, for a person. */
    public Optional<String> transparencyReason() {
        return Optional.ofNullable(transparencyReason);
    }

    /** Records how the answer was checked against the log; the client calls it once, when it knows. */
    public Outcome checkedAgainstLog(Transparency status, String reason) {
        this.transparency = Objects.requireNonNull(status);
        this.transparencyReason = Objects.requireNonNull(reason);
        return this;
    }

    /** The queried address (lookup) or the account's address (publish, delete). */
    public String address() {
        return address;
    }

    /** The request went through the user's own submission server (docs/PROTOCOL.md 6): K_auth was seen by more hops. */
    public boolean relayed() {
        return relayed;
    }

    /**
     * A short stable name: published, deleted, key-found, not-found, error, tampered, unverified, no-answer, not-supported,
     * probably-not-supported, pending, failed.
     */
    public abstract String kind();

    /** One line for a person. */
    public abstract String describe();

    /** An outcome that says why a request got no usable answer or was not sent. */
    public abstract static class Explained extends Outcome {
        private final String reason;

        Explained(String address, String reason, boolean relayed) {
            super(address, relayed);
            this.reason = Objects.requireNonNull(reason);
        }

        public String reason() {
            return reason;
        }
    }

    /** A request that was sent and whose answer is still awaited, named by its Message-ID. */
    public abstract static class Awaited extends Outcome {
        private final String messageId;

        Awaited(String address, String messageId, boolean relayed) {
            super(address, relayed);
            this.messageId = messageId;
        }

        public String messageId() {
            return messageId;
        }
    }

    public static final class Published extends Outcome {
        public Published(String address) {
            super(address, false);
        }

        @Override
        public String kind() {
            return "published";
        }

        @Override
        public String describe() {
            return "key for " + address() + " published (confirmation verified)";
        }
    }

    public static final class Deleted extends Outcome {
        public Deleted(String address) {
            super(address, false);
        }

        @Override
        public String kind() {
            return "deleted";
        }

        @Override
        public String describe() {
            return "key for " + address() + " deleted (confirmation verified)";
        }
    }

    /** A verified key, self-signed for the queried address. */
    public static final class KeyFound extends Outcome {
        private final byte[] keyBytes;
        private final String fingerprint;

        public KeyFound(String address, byte[] keyBytes, String fingerprint, boolean relayed) {
            super(address, relayed);
            this.keyBytes = keyBytes.clone();
            this.fingerprint = Objects.requireNonNull(fingerprint);
        }

        /**
         * The binary OpenPGP packets whose MAC verified, reduced to what concerns the queried address: the primary
         * key, the user IDs with that address, the subkeys (docs/PROTOCOL.md 2.3).
         */
        public byte[] keyBytes() {
            return keyBytes.clone();
        }

        /** Upper-case hex of the primary key's fingerprint. */
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public String kind() {
            return "key-found";
        }

        @Override
        public String describe() {
            return "key " + fingerprint + " for " + address() + " found (answer verified"
                    + (relayed() ? ", obtained in relayed mode" : "") + ")";
        }
    }

    public static final class NotFound extends Outcome {
        public NotFound(String address, boolean relayed) {
            super(address, relayed);
        }

        @Override
        public String kind() {
            return "not-found";
        }

        @Override
        public String describe() {
            return "no key published for " + address() + " (answer verified" + (relayed() ? ", obtained in relayed mode" : "") + ")";
        }
    }

    /** An ERROR answer; {@link #verified()} tells whether its MAC verified (it has none when the request's K_auth was unusable). */
    public static final class ServerError extends Outcome {
        private final String code;
        private final String text;
        private final boolean verified;

        public ServerError(String address, String code, String text, boolean verified, boolean relayed) {
            super(address, relayed);
            this.code = Objects.requireNonNull(code);
            this.text = Objects.requireNonNull(text);
            this.verified = verified;
        }

        public String code() {
            return code;
        }

        public String text() {
            return text;
        }

        public boolean verified() {
            return verified;
        }

        @Override
        public String kind() {
            return "error";
        }

        @Override
        public String describe() {
            return "the server refused the request for " + address() + ": " + code + (text.isEmpty() ? "" : " (" + text + ")")
                    + (verified ? "" : " [answer NOT verified: it carries no valid MAC]");
        }
    }

    /** An answer that matched a request but did not verify or did not have the protocol's form. Nothing of it is used. */
    public static final class Tampered extends Explained {
        public Tampered(String address, String reason, boolean relayed) {
            super(address, reason, relayed);
        }

        @Override
        public String kind() {
            return "tampered";
        }

        @Override
        public String describe() {
            return "the answer for " + address() + " failed verification, possibly tampered with; it was ignored (" + reason() + ")";
        }
    }

    /**
     * A MAC-verified answer that was not used because the user asked for more than it offers: under
     * {@code --require transparency}, an answer whose log proof is not {@code verified} (a version-1 server, a log
     * key that changed, tiles that could not be fetched). Nothing of it is used.
     */
    public static final class Unverified extends Explained {
        public Unverified(String address, String reason, boolean relayed) {
            super(address, reason, relayed);
        }

        @Override
        public String kind() {
            return "unverified";
        }

        @Override
        public String describe() {
            return "the answer for " + address() + " was not used: " + reason();
        }
    }

    public static final class NoAnswer extends Awaited {
        public NoAnswer(String address, String messageId, boolean relayed) {
            super(address, messageId, relayed);
        }

        @Override
        public String kind() {
            return "no-answer";
        }

        @Override
        public String describe() {
            return "no answer for " + address() + " in time; the request stays pending (collect it later with `mailkeys answers`)";
        }
    }

    /** The domain does not offer the service: keys@ bounced, or its MX refused the recipient, or it takes no mail. */
    public static final class NotSupported extends Explained {
        public NotSupported(String address, String reason, boolean relayed) {
            super(address, reason, relayed);
        }

        @Override
        public String kind() {
            return "not-supported";
        }

        @Override
        public String describe() {
            return "the provider of " + address() + " does not support MailKeys (" + reason() + ")";
        }
    }

    /**
     * A bounce (a DSN) of the request arrived, and no answer (docs/PROTOCOL.md 6): anyone on the path can forge a bounce,
     * so it only says that the provider probably does not offer the service. The request stays pending until it
     * expires, so a genuine answer arriving later is still taken.
     */
    public static final class ProbablyNotSupported extends Awaited {
        private final String reason;

        public ProbablyNotSupported(String address, String messageId, String reason, boolean relayed) {
            super(address, messageId, relayed);
            this.reason = Objects.requireNonNull(reason);
        }

        public String reason() {
            return reason;
        }

        @Override
        public String kind() {
            return "probably-not-supported";
        }

        @Override
        public String describe() {
            return "the provider of " + address() + " probably does not support MailKeys (" + reason
                    + "; a bounce is unauthenticated, so the request stays pending)";
        }
    }

    /** Sent; the answer is to be collected later. */
    public static final class Pending extends Awaited {
        public Pending(String address, String messageId, boolean relayed) {
            super(address, messageId, relayed);
        }

        @Override
        public String kind() {
            return "pending";
        }

        @Override
        public String describe() {
            return "request for " + address() + " sent" + (relayed() ? " in relayed mode" : "")
                    + "; collect the answer with `mailkeys answers`";
        }
    }

    /** The request could not be sent (network, DNS, TLS, authentication). */
    public static final class Failed extends Explained {
        private final Optional<String> hint;

        public Failed(String address, String reason, Optional<String> hint) {
            super(address, reason, false);
            this.hint = hint;
        }

        public Optional<String> hint() {
            return hint;
        }

        @Override
        public String kind() {
            return "failed";
        }

        @Override
        public String describe() {
            return "could not send the request for " + address() + ": " + reason() + hint.map(h -> " (hint: " + h + ")").orElse("");
        }
    }
}
