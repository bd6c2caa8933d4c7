package org.mailkeys.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;

/**
 * {@code DELETE /mailkeys/keys/{address}?reason=...}: an operator removes a key (a compromised account, a court
 * order). The deletion is versioned like a user's DELETE, with a version above the address's latest write and above
 * the current time in microseconds (what a publication accepted now gets), so a publication accepted before it and
 * retried later keeps its older version, is superseded and cannot bring the key back. Who (the WebAdmin login, or "webadmin", and the client IP) and
 * why are logged and kept in the key history.
 */
public class OperatorDeletion {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorDeletion.class);
    static final String REASON = "reason";
    static final int MAX_REASON_LENGTH = 500;
    static final String METRIC = "mailkeys.webadmin.key.deleted";
    /** James' JwtFilter keeps the authenticated login under this request attribute. */
    private static final String LOGIN_ATTRIBUTE = "login";

    private final KeyStore keyStore;
    private final NodeName node;
    private final MetricFactory metrics;
    private final Clock clock;

    @Inject
    public OperatorDeletion(KeyStore keyStore, NodeName node, MetricFactory metrics) {
        this(keyStore, node, metrics, Clock.systemUTC());
    }

    OperatorDeletion(KeyStore keyStore, NodeName node, MetricFactory metrics, Clock clock) {
        this.keyStore = keyStore;
        this.node = node;
        this.metrics = metrics;
        this.clock = clock;
    }

    void delete(MailAddress address, Request request) {
        String reason = reason(request.queryParams(REASON));
        StoredKey current = KeyRoutes.await(keyStore.find(address.asString()))
            .orElseThrow(() -> KeyRoutes.notFound("No key is published for " + address.asString()));
        String operator = Optional.ofNullable(request.attribute(LOGIN_ATTRIBUTE)).map(String::valueOf)
            .orElse("webadmin") + " from " + request.ip();
        Instant now = clock.instant();
        long latest = KeyRoutes.await(keyStore.latestVersion(address.asString())).orElse(current.version());
        long version = Math.max(ChronoUnit.MICROS.between(Instant.EPOCH, now), latest + 1);
        WriteOutcome outcome = KeyRoutes.await(keyStore.delete(address.asString(), version,
                ChangeOrigin.operator(operator, reason, node.value(), now)))
            .orElse(WriteOutcome.SUPERSEDED);
        if (outcome != WriteOutcome.APPLIED) {
            throw ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE)
                .message("The key of %s changed meanwhile; look it up and try again", address.asString())
                .haltError();
        }
        metrics.generate(METRIC).increment();
        LOGGER.warn("Key {} of {} deleted by the operator {} through WebAdmin on {} (version {}): {}",
            current.fingerprint(), address.asString(), operator, node.value(), version, reason);
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
