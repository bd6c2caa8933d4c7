package org.mailkeys.store.cassandra;

import java.time.Duration;

import org.mailkeys.cassandra.node.CassandraNodeExtension;

import com.datastax.oss.driver.api.core.CqlSession;

/** The store's configuration and sessions on a test's Cassandra node ({@link CassandraNodeExtension}). */
public final class StoreOnTestNode {
    /** A generous ceiling, not a measure: a schema change outlasted the driver's default 10 s on a loaded machine. */
    public static final Duration LOADED_MACHINE_TIMEOUT = Duration.ofSeconds(60);

    private StoreOnTestNode() {
    }

    /** The node as contact point, the test class's own keyspace, a generous request timeout. */
    public static CassandraKeyStoreConfiguration.Builder configuration(CassandraNodeExtension cassandra) {
        return CassandraKeyStoreConfiguration.builder()
            .contactPoints(cassandra.contactPoints())
            .keyspace(cassandra.keyspace())
            .requestTimeout(LOADED_MACHINE_TIMEOUT);
    }

    /**
     * A session of its own bound to the configuration's keyspace (which the store's {@code open} created), once the
     * driver sees every contact point up; the caller closes it.
     */
    public static CqlSession session(CassandraKeyStoreConfiguration configuration) {
        CqlSession session = CassandraKeyStoreFactory.openSession(configuration);
        try {
            CassandraSessions.awaitEveryNodeUp(session, configuration.contactPoints().size(), LOADED_MACHINE_TIMEOUT);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
