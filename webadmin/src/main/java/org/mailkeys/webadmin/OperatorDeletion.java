package org.mailkeys.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;

/**
 * {@code DELETE /mailkeys/keys/{address}?reason=...}: an operator removes a key (a compromised account, a court
 * order). The deletion takes its version from the node's one {@link VersionRule}, like a user's DELETE, and is an
 * operator's deletion for the store ({@link org.mailkeys.store.WriteDecision}): it holds against every request
 * that had not seen it, whatever its version and whatever the node clocks say (docs/PROTOCOL.md 2.3). Who (the
 * WebAdmin login, or "webadmin", and the client IP) and why are logged and kept in the key history.
 *
 * <p>A deletion the store applied but failed to record (the request then failed with 500) is recorded when the
 * operator tries again, and that retry is answered as a success: the key is gone and the history says who removed it
 * and why.
 */
public class OperatorDeletion {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorDeletion.class);
    static final String REASON = "reason";
    static final int MAX_REASON_LENGTH = 500;
    static final String METRIC = "mailkeys.webadmin.key.deleted";
    /** James' JwtFilter keeps the authenticated login under this request attribute. */
    private static final String LOGIN_ATTRIBUTE = "login";

    /** What a deletion found and did. */
    enum Result {
        /** The key was removed now. */
        DELETED,
        /** There was no key, and the latest change was an operator's deletion: a retry of it, answered alike. */
        ALREADY_DELETED_BY_AN_OPERATOR
    }

    private final KeyStore keyStore;
    private final NodeName node;
    private final MetricFactory metrics;
    private final Clock clock;
    private final VersionRule versions;

    @Inject
    public OperatorDeletion(KeyStore keyStore, NodeName node, MetricFactory metrics, VersionRule versions) {
        this(keyStore, node, metrics, Clock.systemUTC(), versions);
    }

    OperatorDeletion(KeyStore keyStore, NodeName node, MetricFactory metrics, Clock clock, VersionRule versions) {
        this.keyStore = keyStore;
        this.node = node;
        this.metrics = metrics;
        this.clock = clock;
        this.versions = versions;
    }

    void delete(MailAddress address, Request request) {
        String reason = reason(request.queryParams(REASON));
        String operator = Optional.ofNullable(request.attribute(LOGIN_ATTRIBUTE)).map(String::valueOf)
            .orElse("webadmin") + " from " + request.ip();
        delete(address.asString(), operator, reason);
    }

    /** Deletes the key of the address as the operator, or halts with 404 (no key) or 409 (changed meanwhile). */
    Result delete(String address, String operator, String reason) {
        KeyRoutes.await(keyStore.completeInterruptedWrite(address));
        Optional<StoredKey> current = KeyRoutes.await(keyStore.find(address));
        if (current.isEmpty()) {
            if (latestChangeIsAnOperatorDeletion(address)) {
                LOGGER.info("Key of {} already deleted by an operator; nothing to do for {}", address, operator);
                return Result.ALREADY_DELETED_BY_AN_OPERATOR;
            }
            throw KeyRoutes.notFound("No key is published for " + address);
        }
        Instant now = clock.instant();
        long latest = KeyRoutes.await(keyStore.latestVersion(address)).orElse(current.get().version());
        WriteTicket ticket = versions.next(latest);
        WriteOutcome outcome = KeyRoutes.await(keyStore.delete(address, ticket,
                ChangeOrigin.operator(operator, reason, node.value(), now)))
            .orElse(WriteOutcome.SUPERSEDED);
        if (outcome != WriteOutcome.APPLIED) {
            throw ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE)
                .message("The key of %s changed meanwhile; look it up and try again", address)
                .haltError();
        }
        metrics.generate(METRIC).increment();
        LOGGER.warn("Key {} of {} deleted by the operator {} through WebAdmin on {} (version {}): {}",
            current.get().fingerprint(), address, operator, node.value(), ticket.version(), reason);
        return Result.DELETED;
    }

    private boolean latestChangeIsAnOperatorDeletion(String address) {
        return KeyRoutes.await(keyStore.history(address).takeLast(1).next())
            .filter(entry -> entry.change() == HistoryEntry.Change.DELETED
                && entry.actorKind() == ChangeOrigin.ActorKind.OPERATOR)
            .isPresent();
    }

    /** Required, one line of printable text: it goes into the log and the history as written. */
    private static String reason(String raw) {
        String reason = raw == null ? "" : raw.trim();
        if (reason.isEmpty()) {
            throw KeyRoutes.badRequest("A deletion needs a 'reason' parameter: why the key is removed");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw KeyRoutes.badRequest("'reason' can not be longer than " + MAX_REASON_LENGTH + " characters");
        }
        if (!OneLineText.isOneLine(reason)) {
            throw KeyRoutes.badRequest("'reason' can not hold control, format, line or paragraph separator characters");
        }
        return reason;
    }
}
