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
    private final Trail trail;

    Outcome(String address, boolean relayed, Trail trail) {
        this.address = Objects.requireNonNull(address);
        this.relayed = relayed;
        this.trail = Objects.requireNonNull(trail);
    }

    /**
     * What the client learnt of a request on the way, beside its outcome: how the request travelled, and how the
     * answer was checked against the key log. Immutable; an outcome with more of it is a new outcome.
     */
    static final class Trail {
        static final Trail NONE = new Trail(Optional.empty(), Optional.empty(), Optional.empty());

        private final Optional<Protection> protection;
        private final Optional<Transparency> transparency;
        private final Optional<String> transparencyReason;

        private Trail(Optional<Protection> protection, Optional<Transparency> transparency,
                      Optional<String> transparencyReason) {
            this.protection = protection;
            this.transparency = transparency;
            this.transparencyReason = transparencyReason;
        }

        Trail sentWith(Optional<Protection> used) {
            return new Trail(used, transparency, transparencyReason);
        }

        Trail checkedAgainstLog(Transparency status, String reason) {
            return new Trail(protection, Optional.of(status), Optional.of(reason));
        }
    }

    /** This outcome with another trail: each kind builds a copy of itself. */
    abstract Outcome with(Trail other);

    /** Hands this outcome to the case of its kind: the one place that tells the kinds apart. */
    public abstract <T> T accept(Cases<T> cases);

    /**
     * One method per kind of outcome; a kind left out goes to {@link #otherwise}, so that a caller names only the
     * kinds it treats apart.
     */
    public interface Cases<T> {
        T otherwise(Outcome outcome);

        default T published(Published outcome) {
            return otherwise(outcome);
        }

        default T deleted(Deleted outcome) {
            return otherwise(outcome);
        }

        default T keyFound(KeyFound outcome) {
            return otherwise(outcome);
        }

        default T notFound(NotFound outcome) {
            return otherwise(outcome);
        }

        default T serverError(ServerError outcome) {
            return otherwise(outcome);
        }

        default T tampered(Tampered outcome) {
            return otherwise(outcome);
        }

        default T unverified(Unverified outcome) {
            return otherwise(outcome);
        }

        default T noAnswer(NoAnswer outcome) {
            return otherwise(outcome);
        }

        default T notSupported(NotSupported outcome) {
            return otherwise(outcome);
        }

        default T probablyNotSupported(ProbablyNotSupported outcome) {
            return otherwise(outcome);
        }

        default T pending(Pending outcome) {
            return otherwise(outcome);
        }

        default T failed(Failed outcome) {
            return otherwise(outcome);
        }
    }

    /**
     * How the connection that carried the request (and its K_auth) was authenticated (docs/PROTOCOL.md 6): {@code dane},
     * {@code mta-sts}, {@code dnssec+tls}, {@code tls} or {@code relayed}; empty when nothing was sent.
     */
    public Optional<Protection> protection() {
        return relayed ? Optional.of(Protection.RELAYED) : trail.protection;
    }

    /** The same outcome, for a request that travelled as {@code used} says. */
    Outcome sentWith(Optional<Protection> used) {
        return with(trail.sentWith(used));
    }

    /**
     * How the answer was checked against the provider's key log: {@code verified}, {@code not-offered} or
     * {@code failed}; empty for what is not a lookup's answer (or was refused before its log was looked at).
     */
    public Optional<Transparency> transparency() {
        return trail.transparency;
    }

    /** Why the transparency is what it is, for a person. */
    public Optional<String> transparencyReason() {
        return trail.transparencyReason;
    }

    /** The same outcome, with how its answer was checked against the key log. */
    public Outcome checkedAgainstLog(Transparency status, String reason) {
        return with(trail.checkedAgainstLog(Objects.requireNonNull(status), Objects.requireNonNull(reason)));
    }

    Trail trail() {
        return trail;
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

        Explained(String address, String reason, boolean relayed, Trail trail) {
            super(address, relayed, trail);
            this.reason = Objects.requireNonNull(reason);
        }

        public String reason() {
            return reason;
        }
    }

    /** A request that was sent and whose answer is still awaited, named by its Message-ID. */
    public abstract static class Awaited extends Outcome {
        private final String messageId;

        Awaited(String address, String messageId, boolean relayed, Trail trail) {
            super(address, relayed, trail);
            this.messageId = messageId;
        }

        public String messageId() {
            return messageId;
        }
    }

    public static final class Published extends Outcome {
        public Published(String address) {
            this(address, Trail.NONE);
        }

        private Published(String address, Trail trail) {
            super(address, false, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new Published(address(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.published(this);
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
            this(address, Trail.NONE);
        }

        private Deleted(String address, Trail trail) {
            super(address, false, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new Deleted(address(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.deleted(this);
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
            this(address, keyBytes, fingerprint, relayed, Trail.NONE);
        }

        private KeyFound(String address, byte[] keyBytes, String fingerprint, boolean relayed, Trail trail) {
            super(address, relayed, trail);
            this.keyBytes = keyBytes.clone();
            this.fingerprint = Objects.requireNonNull(fingerprint);
        }

        @Override
        Outcome with(Trail other) {
            return new KeyFound(address(), keyBytes, fingerprint, relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.keyFound(this);
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
            this(address, relayed, Trail.NONE);
        }

        private NotFound(String address, boolean relayed, Trail trail) {
            super(address, relayed, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new NotFound(address(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.notFound(this);
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
            this(address, code, text, verified, relayed, Trail.NONE);
        }

        private ServerError(String address, String code, String text, boolean verified, boolean relayed, Trail trail) {
            super(address, relayed, trail);
            this.code = Objects.requireNonNull(code);
            this.text = Objects.requireNonNull(text);
            this.verified = verified;
        }

        @Override
        Outcome with(Trail other) {
            return new ServerError(address(), code, text, verified, relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.serverError(this);
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
            this(address, reason, relayed, Trail.NONE);
        }

        private Tampered(String address, String reason, boolean relayed, Trail trail) {
            super(address, reason, relayed, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new Tampered(address(), reason(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.tampered(this);
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
            this(address, reason, relayed, Trail.NONE);
        }

        private Unverified(String address, String reason, boolean relayed, Trail trail) {
            super(address, reason, relayed, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new Unverified(address(), reason(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.unverified(this);
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
            this(address, messageId, relayed, Trail.NONE);
        }

        private NoAnswer(String address, String messageId, boolean relayed, Trail trail) {
            super(address, messageId, relayed, trail);
        }

        /** What became of a request still awaited when the waiting ended. */
        static Outcome of(Awaited pending) {
            return new NoAnswer(pending.address(), pending.messageId(), pending.relayed(), pending.trail());
        }

        @Override
        Outcome with(Trail other) {
            return new NoAnswer(address(), messageId(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.noAnswer(this);
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
            this(address, reason, relayed, Trail.NONE);
        }

        private NotSupported(String address, String reason, boolean relayed, Trail trail) {
            super(address, reason, relayed, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new NotSupported(address(), reason(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.notSupported(this);
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
            this(address, messageId, reason, relayed, Trail.NONE);
        }

        private ProbablyNotSupported(String address, String messageId, String reason, boolean relayed, Trail trail) {
            super(address, messageId, relayed, trail);
            this.reason = Objects.requireNonNull(reason);
        }

        @Override
        Outcome with(Trail other) {
            return new ProbablyNotSupported(address(), messageId(), reason, relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.probablyNotSupported(this);
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
            this(address, messageId, relayed, Trail.NONE);
        }

        private Pending(String address, String messageId, boolean relayed, Trail trail) {
            super(address, messageId, relayed, trail);
        }

        @Override
        Outcome with(Trail other) {
            return new Pending(address(), messageId(), relayed(), other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.pending(this);
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
        /** What stood in the way, when the user can do something about it; a front end turns it into advice. */
        public enum Obstacle {
            /** No mail exchanger of the domain could be reached directly, and relayed mode was not asked for. */
            MAIL_EXCHANGERS_UNREACHABLE,
            /** No mail exchanger could be reached directly, and the required protection rules out relayed mode. */
            RELAYED_MODE_RULED_OUT
        }

        private final Optional<Obstacle> obstacle;

        public Failed(String address, String reason) {
            this(address, reason, Optional.empty(), Trail.NONE);
        }

        public Failed(String address, String reason, Obstacle obstacle) {
            this(address, reason, Optional.of(obstacle), Trail.NONE);
        }

        private Failed(String address, String reason, Optional<Obstacle> obstacle, Trail trail) {
            super(address, reason, false, trail);
            this.obstacle = obstacle;
        }

        @Override
        Outcome with(Trail other) {
            return new Failed(address(), reason(), obstacle, other);
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.failed(this);
        }

        public Optional<Obstacle> obstacle() {
            return obstacle;
        }

        @Override
        public String kind() {
            return "failed";
        }

        @Override
        public String describe() {
            return "could not send the request for " + address() + ": " + reason();
        }
    }
}
