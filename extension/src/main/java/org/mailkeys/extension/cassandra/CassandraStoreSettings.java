package org.mailkeys.extension.cassandra;

import java.util.Locale;
import java.util.Properties;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.extension.MailKeysConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;

/**
 * The {@code store.cassandra.*} keys of {@code mailkeys.properties} (checked for unknown names by
 * {@link MailKeysConfiguration}): whose session the key store uses, and the settings of
 * {@link CassandraKeyStoreConfiguration} behind the same prefix.
 */
public final class CassandraStoreSettings {
    /** Whose CQL session the key store uses. */
    public enum Session {
        /** The session of a Cassandra-backed (distributed) James, in James' keyspace. */
        JAMES,
        /** A session of the extension's own, from the contact points, keyspace and replication set here. */
        OWN
    }

    public static final String SESSION = MailKeysConfiguration.STORE_CASSANDRA_SESSION;
    public static final Session DEFAULT_SESSION = Session.OWN;

    private final Session session;
    private final CassandraKeyStoreConfiguration storeConfiguration;

    private CassandraStoreSettings(Session session, CassandraKeyStoreConfiguration storeConfiguration) {
        this.session = session;
        this.storeConfiguration = storeConfiguration;
    }

    /** @param cassandraProperties the {@code store.cassandra.*} keys, with their prefix */
    public static CassandraStoreSettings from(Properties cassandraProperties) throws ConfigurationException {
        try {
            return new CassandraStoreSettings(session(cassandraProperties),
                CassandraKeyStoreConfiguration.fromProperties(cassandraProperties,
                    MailKeysConfiguration.STORE_CASSANDRA_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: " + e.getMessage(), e);
        }
    }

    private static Session session(Properties properties) throws ConfigurationException {
        String value = properties.getProperty(SESSION, DEFAULT_SESSION.name()).trim();
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
