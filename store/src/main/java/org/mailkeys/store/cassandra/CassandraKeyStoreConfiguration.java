package org.mailkeys.store.cassandra;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

import org.mailkeys.settings.BoundedNumber;

/**
 * How {@link CassandraKeyStore} reaches Cassandra and at which consistency it reads and writes.
 *
 * <p>Contact points, local data center, keyspace, replication factor and request timeout matter only when the store
 * opens its own session ({@link CassandraKeyStoreFactory#open}); with James' session they come from James'
 * {@code cassandra.properties}. The consistency levels apply in both cases.
 *
 * <p>Reads and LWT commits default to QUORUM: with two replicas, QUORUM needs both, so a cluster that must keep
 * answering with one of two nodes down reads at ONE (or LOCAL_ONE). Writes are lightweight transactions whatever the
 * write level: their Paxos rounds run at the serial level (SERIAL, or LOCAL_SERIAL to stay in one data center), which
 * needs a quorum of replicas.
 */
public final class CassandraKeyStoreConfiguration {
    public static final String CONTACT_POINTS = "contact.points";
    public static final String LOCAL_DATACENTER = "local.datacenter";
    public static final String KEYSPACE = "keyspace";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String READ_CONSISTENCY = "consistency.read";
    public static final String WRITE_CONSISTENCY = "consistency.write";
    public static final String SERIAL_CONSISTENCY = "consistency.serial";
    public static final String REQUEST_TIMEOUT_MILLIS = "request.timeout.millis";

    public static final List<String> DEFAULT_CONTACT_POINTS = List.of("127.0.0.1:9042");
    public static final String DEFAULT_LOCAL_DATACENTER = "datacenter1";
    public static final String DEFAULT_KEYSPACE = "mailkeys";
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final ConsistencyLevel DEFAULT_READ_CONSISTENCY = DefaultConsistencyLevel.QUORUM;
    public static final ConsistencyLevel DEFAULT_WRITE_CONSISTENCY = DefaultConsistencyLevel.QUORUM;
    public static final ConsistencyLevel DEFAULT_SERIAL_CONSISTENCY = DefaultConsistencyLevel.SERIAL;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** How each setting is read: the one list of the names {@link #fromProperties} knows. */
    private static final Map<String, Setter> SETTINGS = Map.of(
        CONTACT_POINTS, (builder, name, value) -> builder.contactPoints(Arrays.stream(value.split(","))
            .map(String::trim).filter(point -> !point.isEmpty()).collect(Collectors.toList())),
        LOCAL_DATACENTER, (builder, name, value) -> builder.localDatacenter(value),
        KEYSPACE, (builder, name, value) -> builder.keyspace(value),
        REPLICATION_FACTOR, (builder, name, value) -> builder.replicationFactor(
            BoundedNumber.count(name, 1, Integer.MAX_VALUE).parseInt(Optional.of(value), DEFAULT_REPLICATION_FACTOR)),
        READ_CONSISTENCY, (builder, name, value) -> builder.readConsistency(parseConsistency(name, value)),
        WRITE_CONSISTENCY, (builder, name, value) -> builder.writeConsistency(parseConsistency(name, value)),
        SERIAL_CONSISTENCY, (builder, name, value) -> builder.serialConsistency(parseConsistency(name, value)),
        REQUEST_TIMEOUT_MILLIS, (builder, name, value) -> builder.requestTimeout(
            BoundedNumber.duration(name, ChronoUnit.MILLIS, 1, Integer.MAX_VALUE)
                .parseDuration(Optional.of(value), DEFAULT_REQUEST_TIMEOUT)));

    /** The names of the settings {@link #fromProperties} reads (without prefix). */
    public static final Set<String> SETTING_NAMES = SETTINGS.keySet();

    @FunctionalInterface
    private interface Setter {
        /** @param name the property's full name, for error messages */
        void set(Builder builder, String name, String value);
    }

    private final List<String> contactPoints;
    private final String localDatacenter;
    private final String keyspace;
    private final int replicationFactor;
    private final ConsistencyLevel readConsistency;
    private final ConsistencyLevel writeConsistency;
    private final ConsistencyLevel serialConsistency;
    private final Duration requestTimeout;

    private CassandraKeyStoreConfiguration(Builder builder) {
        this.contactPoints = List.copyOf(builder.contactPoints);
        this.localDatacenter = builder.localDatacenter;
        this.keyspace = builder.keyspace;
        this.replicationFactor = builder.replicationFactor;
        this.readConsistency = builder.readConsistency;
        this.writeConsistency = builder.writeConsistency;
        this.serialConsistency = builder.serialConsistency;
        this.requestTimeout = builder.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CassandraKeyStoreConfiguration defaults() {
        return builder().build();
    }

    /**
     * Reads the settings named by the constants of this class, each behind {@code prefix} (for example
     * {@code cassandra.consistency.read} with prefix {@code "cassandra."}); missing ones keep their defaults.
     *
     * @throws IllegalArgumentException naming the property whose value is wrong
     */
    public static CassandraKeyStoreConfiguration fromProperties(Properties properties, String prefix) {
        Builder builder = builder();
        SETTINGS.forEach((name, setter) -> {
            String value = properties.getProperty(prefix + name);
            if (value != null) {
                setter.set(builder, prefix + name, value.trim());
            }
        });
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Bad Cassandra key store setting under '" + prefix + "': "
                + e.getMessage(), e);
        }
    }

    public List<String> contactPoints() {
        return contactPoints;
    }

    public String localDatacenter() {
        return localDatacenter;
    }

    public String keyspace() {
        return keyspace;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public ConsistencyLevel readConsistency() {
        return readConsistency;
    }

    public ConsistencyLevel writeConsistency() {
        return writeConsistency;
    }

    public ConsistencyLevel serialConsistency() {
        return serialConsistency;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    private static ConsistencyLevel parseConsistency(String name, String value) {
        try {
            return DefaultConsistencyLevel.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a Cassandra consistency level such as QUORUM, ONE,"
                + " LOCAL_ONE, SERIAL or LOCAL_SERIAL, not '" + value + "'", e);
        }
    }

    public static final class Builder {
        private List<String> contactPoints = DEFAULT_CONTACT_POINTS;
        private String localDatacenter = DEFAULT_LOCAL_DATACENTER;
        private String keyspace = DEFAULT_KEYSPACE;
        private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
        private ConsistencyLevel readConsistency = DEFAULT_READ_CONSISTENCY;
        private ConsistencyLevel writeConsistency = DEFAULT_WRITE_CONSISTENCY;
        private ConsistencyLevel serialConsistency = DEFAULT_SERIAL_CONSISTENCY;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {
        }

        /** Each as {@code host:port} (or {@code host}, port 9042). */
        public Builder contactPoints(List<String> contactPoints) {
            this.contactPoints = Objects.requireNonNull(contactPoints);
            return this;
        }

        public Builder localDatacenter(String localDatacenter) {
            this.localDatacenter = Objects.requireNonNull(localDatacenter);
            return this;
        }

        public Builder keyspace(String keyspace) {
            this.keyspace = Objects.requireNonNull(keyspace);
            return this;
        }

        public Builder replicationFactor(int replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        public Builder readConsistency(ConsistencyLevel readConsistency) {
            this.readConsistency = Objects.requireNonNull(readConsistency);
            return this;
        }

        public Builder writeConsistency(ConsistencyLevel writeConsistency) {
            this.writeConsistency = Objects.requireNonNull(writeConsistency);
            return this;
        }

        public Builder serialConsistency(ConsistencyLevel serialConsistency) {
            this.serialConsistency = Objects.requireNonNull(serialConsistency);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        public CassandraKeyStoreConfiguration build() {
            if (contactPoints.isEmpty()) {
                throw new IllegalArgumentException(CONTACT_POINTS + " must name at least one host");
            }
            if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
                throw new IllegalArgumentException(KEYSPACE + " must be a plain Cassandra name, not '" + keyspace
                    + "'");
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException(REPLICATION_FACTOR + " must be at least 1");
            }
            if (!serialConsistency.isSerial()) {
                throw new IllegalArgumentException(SERIAL_CONSISTENCY + " must be SERIAL or LOCAL_SERIAL, not "
                    + serialConsistency);
            }
            if (writeConsistency.isSerial()) {
                throw new IllegalArgumentException(WRITE_CONSISTENCY + " cannot be a serial level");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException(REQUEST_TIMEOUT_MILLIS + " must be positive");
            }
            return new CassandraKeyStoreConfiguration(this);
        }
    }
}
