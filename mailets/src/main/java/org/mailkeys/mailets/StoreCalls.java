package org.mailkeys.mailets;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.apache.mailet.MailetException;
import org.mailkeys.settings.BoundedNumber;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Calls the reactive key store from a mailet, blocking with a time limit; any failure is "unavailable". Each call
 * is timed in the metric {@code mailkeys.store.<operation>} (find, put, delete), failures included.
 */
final class StoreCalls {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreCalls.class);

    /** The mailet parameter that bounds one store call, in seconds. */
    static final String TIMEOUT_PARAMETER = "storeTimeoutSeconds";
    static final long DEFAULT_TIMEOUT_SECONDS = 10;
    private static final BoundedNumber TIMEOUT = BoundedNumber.duration(TIMEOUT_PARAMETER, ChronoUnit.SECONDS, 1, 3600);

    static final String METRIC_PREFIX = "mailkeys.store.";

    private final KeyStore store;
    private final Duration timeout;
    private final MetricFactory metrics;

    StoreCalls(KeyStore store, Duration timeout, MetricFactory metrics) {
        this.store = store;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** The store calls of a mailet, bounded by its {@link #TIMEOUT_PARAMETER}. */
    static StoreCalls configured(KeyStore store, MailetParameters parameters, MetricFactory metrics)
        throws MailetException {
        return new StoreCalls(store, parameters.duration(TIMEOUT, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS)),
            metrics);
    }

    /** How long a store call may take; the key log's proofs wait as long. */
    Duration timeout() {
        return timeout;
    }

    Optional<StoredKey> find(String address) throws KeyStoreUnavailableException {
        return await("find", () -> store.find(address));
    }

    WriteOutcome put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) throws KeyStoreUnavailableException {
        return await("put", () -> store.put(key, ticket, origin)).orElseThrow(() -> failed("put", null));
    }

    WriteOutcome delete(String address, WriteTicket ticket, ChangeOrigin origin) throws KeyStoreUnavailableException {
        return await("delete", () -> store.delete(address, ticket, origin))
            .orElseThrow(() -> failed("delete", null));
    }

    /** The version of the address's latest applied write (key or deletion); empty when there was none. */
    Optional<Long> latestVersion(String address) throws KeyStoreUnavailableException {
        return await("latestVersion", () -> store.latestVersion(address));
    }

    private <T> Optional<T> await(String operation, Supplier<Mono<T>> call) throws KeyStoreUnavailableException {
        TimeMetric time = metrics.timer(METRIC_PREFIX + operation);
        try {
            return call.get().timeout(timeout).blockOptional();
        } catch (RuntimeException e) {
            throw failed(operation, e);
        } finally {
            time.stopAndPublish();
        }
    }

    private KeyStoreUnavailableException failed(String operation, Exception cause) {
        String reason = cause == null ? "no result" : cause.getClass().getSimpleName();
        LOGGER.error("Key store unavailable ({} failed: {}); the request goes to James' error handling"
            + " (mailkeys-error: retried, then kept)", operation, reason);
        return new KeyStoreUnavailableException("MailKeys key store unavailable: " + operation + " failed", cause);
    }
}
