package org.mailkeys.mailets;

import java.util.Properties;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the Cassandra key store from the {@code store.cassandra.*} keys of mailkeys.properties. */
final class CassandraKeyStores {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraKeyStores.class);

    private CassandraKeyStores() {
    }

    static KeyStore open(Properties properties) throws ConfigurationException {
        CassandraKeyStoreConfiguration configuration;
        try {
            configuration = CassandraKeyStoreConfiguration.fromProperties(properties,
                MailKeysConfiguration.STORE_CASSANDRA_PREFIX);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: " + e.getMessage(), e);
        }
        LOGGER.info("MailKeys key store: Cassandra keyspace {} at {}", configuration.keyspace(), configuration.contactPoints());
        // its own session: the keyspace and table are created when missing
        return CassandraKeyStoreFactory.open(configuration);
    }
}
