package org.mailkeys.webadmin;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoreHealth;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * The MailKeys key store in James' health checks ({@code GET /healthcheck}, and James' periodic checks). James
 * loads it when {@code healthcheck.properties} names it:
 * <pre>
 * additional.healthchecks=org.mailkeys.webadmin.KeyStoreHealthCheck
 * </pre>
 * Healthy when keys can be read and written; degraded when keys are served but publications cannot be applied (for
 * Cassandra: no quorum for the writes' Paxos rounds); unhealthy when the store cannot be read, or does not answer
 * within {@link #TIMEOUT}.
 */
public class KeyStoreHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("MailKeys key store");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KeyStore keyStore;

    @Inject
    public KeyStoreHealthCheck(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.defer(keyStore::health)
            .timeout(TIMEOUT)
            .map(KeyStoreHealthCheck::toResult)
            .onErrorResume(e -> Mono.just(Result.unhealthy(COMPONENT, "the key store does not answer ("
                + e.getClass().getSimpleName() + ")")));
    }

    private static Result toResult(StoreHealth health) {
        switch (health.status()) {
            case HEALTHY:
                return Result.healthy(COMPONENT);
            case DEGRADED:
                return Result.degraded(COMPONENT, health.explanation());
            default:
                return Result.unhealthy(COMPONENT, health.explanation());
        }
    }
}
