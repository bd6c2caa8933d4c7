package org.mailkeys.mailets.cassandra;

import java.util.Iterator;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;

/**
 * The {@code store.cassandra.*} keys of {@code mailkeys.properties}: which session the key store uses, and the
 * settings of {@link CassandraKeyStoreConfiguration} behind the same prefix. An unknown key under the prefix fails
 * the start with a message naming it.
 */
public final class CassandraStoreSettings {
    /** Whose CQL session the key store uses. */
    public enum Session {
        /** The session of a Cassandra-backed (distributed) James, in James' keyspace. */
        JAMES,
        /** A session of the extension's own, from the contact points, keyspace and replication set here. */
        OWN
    }

    public static final String PREFIX = "store.cassandra.";
    public static final String SESSION = PREFIX + "session";
    public static final Session DEFAULT_SESSION = Session.OWN;

    private static final Set<String> STORE_KEYS = Set.of(
        CassandraKeyStoreConfiguration.CONTACT_POINTS,
        CassandraKeyStoreConfiguration.LOCAL_DATACENTER,
        CassandraKeyStoreConfiguration.KEYSPACE,
        CassandraKeyStoreConfiguration.REPLICATION_FACTOR,
        CassandraKeyStoreConfiguration.READ_CONSISTENCY,
        CassandraKeyStoreConfiguration.WRITE_CONSISTENCY,
        CassandraKeyStoreConfiguration.SERIAL_CONSISTENCY,
        CassandraKeyStoreConfiguration.REQUEST_TIMEOUT_MILLIS);

    private final Session session;
    private final CassandraKeyStoreConfiguration storeConfiguration;

    private CassandraStoreSettings(Session session, CassandraKeyStoreConfiguration storeConfiguration) {
        this.session = session;
        this.storeConfiguration = storeConfiguration;
    }

    public static CassandraStoreSettings from(Configuration configuration) throws ConfigurationException {
        Properties storeProperties = new Properties();
        Iterator<String> keys = configuration.getKeys(PREFIX.substring(0, PREFIX.length() - 1));
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.equals(SESSION)) {
                continue;
            }
            String suffix = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            if (!STORE_KEYS.contains(suffix)) {
                throw new ConfigurationException("mailkeys.properties: unknown key '" + key + "'; known under '"
                    + PREFIX + "': session, " + String.join(", ", STORE_KEYS));
            }
            // a comma-separated value arrives as a list: keep it as written
            storeProperties.setProperty(key, String.join(",", configuration.getStringArray(key)));
        }
        try {
            return new CassandraStoreSettings(session(configuration),
                CassandraKeyStoreConfiguration.fromProperties(storeProperties, PREFIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: " + e.getMessage(), e);
        }
    }

    private static Session session(Configuration configuration) throws ConfigurationException {
        String value = configuration.getString(SESSION, DEFAULT_SESSION.name()).trim();
        try {
            return Session.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: bad value '" + value + "' for '" + SESSION
                + "', expected james or own");
        }
    }

    public Session session() {
        return session;
    }

    public CassandraKeyStoreConfiguration storeConfiguration() {
        return storeConfiguration;
    }
}
