package org.mailkeys.store.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.backends.cassandra.init.CassandraTableManager;
import org.apache.james.backends.cassandra.init.CassandraTypesProvider;
import org.apache.james.backends.cassandra.init.KeyspaceFactory;
import org.apache.james.backends.cassandra.init.configuration.KeyspaceConfiguration;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;

/** Builds a {@link CassandraKeyStore} on James' session or on a session of its own, creating what is missing. */
public final class CassandraKeyStoreFactory {
    private static final int DEFAULT_CQL_PORT = 9042;

    /** At least this long for the keyspace's and the tables' creation (the configured timeout when longer). */
    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(1);
    /** James' name for the profile of its schema statements (JamesExecutionProfiles). */
    static final String TABLE_CREATION_PROFILE = "TABLE_CREATION";

    private CassandraKeyStoreFactory() {
    }

    /**
     * On the session of a Cassandra-backed James, whose keyspace already exists: creates the table if missing. The
     * session stays James'; closing the store leaves it open.
     */
    public static CassandraKeyStore withSession(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        if (session.getKeyspace().isEmpty()) {
            throw new IllegalArgumentException("The session must be bound to a keyspace");
        }
        createTable(session);
        return new CassandraKeyStore(new CassandraKeyDAO(session, configuration),
            new CassandraHistoryDAO(session, configuration),
            new CassandraWebKeyIndexDAO(session, configuration), Optional.empty())
            .withWebKeyServiceState(new CassandraWebKeyServiceStore(session, configuration));
    }

    /**
     * Opens a session of its own (any other James), creating the keyspace (SimpleStrategy, the configured
     * replication factor) and the table if missing. Closing the store closes the session.
     */
    public static CassandraKeyStore open(CassandraKeyStoreConfiguration configuration) {
        // schema changes wait for every node's agreement: on a loaded cluster far longer than a read or a write
        Duration schemaTimeout = configuration.requestTimeout().compareTo(SCHEMA_TIMEOUT) > 0
            ? configuration.requestTimeout() : SCHEMA_TIMEOUT;
        try (CqlSession withoutKeyspace = sessionBuilder(configuration, schemaTimeout).build()) {
            KeyspaceFactory.createKeyspace(new KeyspaceConfiguration(configuration.keyspace(),
                configuration.replicationFactor(), true), withoutKeyspace).block();
        }
        try (CqlSession schema = sessionBuilder(configuration, schemaTimeout).withKeyspace(configuration.keyspace())
            .build()) {
            createTable(schema);
        }
        CqlSession session = sessionBuilder(configuration).withKeyspace(configuration.keyspace()).build();
        try {
            return new CassandraKeyStore(new CassandraKeyDAO(session, configuration),
                new CassandraHistoryDAO(session, configuration),
            new CassandraWebKeyIndexDAO(session, configuration), Optional.of(session))
                .withWebKeyServiceState(new CassandraWebKeyServiceStore(session, configuration));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * A session of its own to the store's keyspace (which {@link #open} created), for the key log's tables
     * ({@link org.mailkeys.store.log.CassandraLogStorage}); the caller closes it.
     */
    public static CqlSession openSession(CassandraKeyStoreConfiguration configuration) {
        return sessionBuilder(configuration).withKeyspace(configuration.keyspace()).build();
    }

    private static void createTable(CqlSession session) {
        new CassandraTableManager(CassandraKeyStoreModule.MODULE, session)
            .initializeTables(new CassandraTypesProvider(session));
        addMissingColumns(session);
    }

    /** A key table made by an earlier release lacks the columns added since: add them (null in the old rows). */
    private static void addMissingColumns(CqlSession session) {
        CqlIdentifier keyspace = session.getKeyspace().orElseThrow();
        Optional<TableMetadata> table = session.refreshSchema().getKeyspace(keyspace)
            .flatMap(metadata -> metadata.getTable(CassandraKeyTable.TABLE_NAME));
        if (table.isEmpty()) {
            return;
        }
        Map<String, String> added = new LinkedHashMap<>();
        added.put(CassandraKeyTable.REQUEST_ID, "text");
        added.put(CassandraKeyTable.OPERATOR_FENCE, "bigint");
        added.put(CassandraKeyTable.HISTORY_ENTRY, "blob");
        added.forEach((column, type) -> {
            if (table.get().getColumn(column).isEmpty()) {
                session.execute("ALTER TABLE " + CassandraKeyTable.TABLE_NAME + " ADD " + column + " " + type);
            }
        });
    }

    private static CqlSessionBuilder sessionBuilder(CassandraKeyStoreConfiguration configuration) {
        return sessionBuilder(configuration, configuration.requestTimeout());
    }

    private static CqlSessionBuilder sessionBuilder(CassandraKeyStoreConfiguration configuration, Duration timeout) {
        return CqlSession.builder()
            .withConfigLoader(driverConfig(timeout))
            .addContactPoints(addresses(configuration.contactPoints()))
            .withLocalDatacenter(configuration.localDatacenter());
    }

    /**
     * Every request of the session, and James' table creation, within {@code timeout}: CassandraTableManager runs its
     * CREATE TABLE statements under the execution profile named {@value #TABLE_CREATION_PROFILE}, or, when the session
     * has none, under the default one with its request timeout forced to 10 s, whatever the session's own.
     * <p>
     * Closing a session ends its event loops at once: by then its requests are answered, and the driver's default
     * quiet period (2 s per loop group, waited one group after the other) made every close, and so every store opened
     * (three sessions) and every James stopped, seconds longer.
     */
    static DriverConfigLoader driverConfig(Duration timeout) {
        return DriverConfigLoader.programmaticBuilder()
            .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
            .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, timeout)
            .startProfile(TABLE_CREATION_PROFILE)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
            .endProfile()
            .build();
    }

    private static List<InetSocketAddress> addresses(List<String> contactPoints) {
        return contactPoints.stream().map(CassandraKeyStoreFactory::address).collect(Collectors.toList());
    }

    private static InetSocketAddress address(String contactPoint) {
        int colon = contactPoint.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(contactPoint, DEFAULT_CQL_PORT);
        }
        try {
            return new InetSocketAddress(contactPoint.substring(0, colon),
                Integer.parseInt(contactPoint.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a host:port contact point: " + contactPoint, e);
        }
    }
}
