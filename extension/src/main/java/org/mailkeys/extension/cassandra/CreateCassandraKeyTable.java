package org.mailkeys.extension.cassandra;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.utils.UserDefinedStartable;
import org.mailkeys.extension.MailKeysConfiguration;
import org.mailkeys.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the MailKeys key store while James starts, so that with {@code store=cassandra} the key table (and, with an
 * own session, the keyspace) exists before the first request, and a wrong setting or an unreachable cluster fails
 * the start instead of the first publication. Extension modules cannot add to a Cassandra-backed James' own table
 * list, hence this startable. In {@code conf/extensions.properties}:
 * <pre>
 * guice.extension.module=org.mailkeys.extension.MailKeysModule
 * guice.extension.startable=org.mailkeys.extension.cassandra.CreateCassandraKeyTable
 * </pre>
 * With another store it does nothing.
 */
public class CreateCassandraKeyTable implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(CreateCassandraKeyTable.class);

    private final MailKeysConfiguration configuration;
    private final Provider<KeyStore> keyStore;

    @Inject
    public CreateCassandraKeyTable(MailKeysConfiguration configuration, Provider<KeyStore> keyStore) {
        this.configuration = configuration;
        this.keyStore = keyStore;
    }

    @Override
    public void start() {
        if (configuration.storeType() != MailKeysConfiguration.StoreType.CASSANDRA) {
            LOGGER.info("MailKeys key store is {}: no Cassandra table to create", configuration.storeType());
            return;
        }
        keyStore.get();
        LOGGER.info("MailKeys Cassandra key table is ready");
    }
}
