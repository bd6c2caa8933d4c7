package org.mailkeys.store;

import java.util.Objects;

/** What a key store can do right now, for James' health checks. */
public final class StoreHealth {
    public enum Status {
        /** Reads and writes work. */
        HEALTHY,
        /** Keys are served, but changes cannot be applied (for Cassandra: no quorum for the writes' Paxos rounds). */
        DEGRADED,
        /** Nothing works: the store cannot be read. */
        UNHEALTHY
    }

    private final Status status;
    private final String explanation;

    private StoreHealth(Status status, String explanation) {
        this.status = status;
        this.explanation = Objects.requireNonNull(explanation);
    }

    public static StoreHealth healthy() {
        return new StoreHealth(Status.HEALTHY, "");
    }

    public static StoreHealth degraded(String explanation) {
        return new StoreHealth(Status.DEGRADED, explanation);
    }

    public static StoreHealth unhealthy(String explanation) {
        return new StoreHealth(Status.UNHEALTHY, explanation);
    }

    public Status status() {
        return status;
    }

    public String explanation() {
        return explanation;
    }

    @Override
    public String toString() {
        return explanation.isEmpty() ? status.name() : status + " (" + explanation + ")";
    }
}
