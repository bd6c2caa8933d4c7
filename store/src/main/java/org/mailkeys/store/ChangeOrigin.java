package org.mailkeys.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made a change to a key, where and when: what the key history records beside the key itself. An account is
 * the SMTP AUTH identity of a publication or deletion; an operator is whoever called WebAdmin, with a reason.
 */
public final class ChangeOrigin {
    /** Who is behind a change. */
    public enum ActorKind {
        /** The user, through an authenticated publication or DELETE. */
        ACCOUNT,
        /** An operator, through WebAdmin. */
        OPERATOR,
        /** The user, through the Web Key Service (a confirmed submission of the SMTP AUTH account). */
        WKS
    }

    private final ActorKind actorKind;
    private final String actor;
    private final String node;
    private final Optional<String> reason;
    private final Instant at;

    private ChangeOrigin(ActorKind actorKind, String actor, String node, Optional<String> reason, Instant at) {
        this.actorKind = Objects.requireNonNull(actorKind);
        this.actor = Objects.requireNonNull(actor);
        this.node = Objects.requireNonNull(node);
        this.reason = Objects.requireNonNull(reason);
        this.at = Objects.requireNonNull(at);
    }

    public static ChangeOrigin account(String account, String node, Instant at) {
        return new ChangeOrigin(ActorKind.ACCOUNT, account, node, Optional.empty(), at);
    }

    /** A publication the account confirmed through the Web Key Service; the history names the actor {@code wks}. */
    public static ChangeOrigin webKeyService(String account, String node, Instant at) {
        return new ChangeOrigin(ActorKind.WKS, account, node, Optional.empty(), at);
    }

    public static ChangeOrigin operator(String operator, String reason, String node, Instant at) {
        return new ChangeOrigin(ActorKind.OPERATOR, operator, node, Optional.of(reason), at);
    }

    /** An origin as a store reads it back from a history entry. */
    public static ChangeOrigin read(ActorKind actorKind, String actor, String node, Optional<String> reason,
                                    Instant at) {
        return new ChangeOrigin(actorKind, actor, node, reason, at);
    }

    /** The same actor at another time: a publication's history entry is dated by its key. */
    public ChangeOrigin dated(Instant time) {
        return new ChangeOrigin(actorKind, actor, node, reason, time);
    }

    public ActorKind actorKind() {
        return actorKind;
    }

    public String actor() {
        return actor;
    }

    /** The James node that accepted the change. */
    public String node() {
        return node;
    }

    /** Why an operator made the change; empty for a user's own. */
    public Optional<String> reason() {
        return reason;
    }

    public Instant at() {
        return at;
    }
}
