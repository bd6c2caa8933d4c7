package org.mailkeys.extension.cassandra;

import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.extension.MailKeysConfiguration;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;

/**
 * Opens the Cassandra key store for {@code store=cassandra}, on the session {@code store.cassandra.session} names:
 * James' own {@link CqlSession} (a Cassandra-backed James binds one in its injector), or a session of its own.
 * Either way the key table is created through James' {@code CassandraTableManager} if missing; an own session also
 * creates its keyspace.
 */
public class CassandraKeyStoreOpener {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraKeyStoreOpener.class);

    private final MailKeysConfiguration mailKeysConfiguration;
    private final Injector injector;

    @Inject
    public CassandraKeyStoreOpener(MailKeysConfiguration mailKeysConfiguration, Injector injector) {
        this.mailKeysConfiguration = mailKeysConfiguration;
        this.injector = injector;
    }

    public KeyStore open() throws ConfigurationException {
        CassandraStoreSettings settings = CassandraStoreSettings.from(mailKeysConfiguration.cassandraProperties());
        CassandraKeyStoreConfiguration configuration = settings.storeConfiguration();
        switch (settings.session()) {
            case JAMES:
                CqlSession session = jamesSession();
                LOGGER.info("MailKeys key store: Cassandra, on James' session (keyspace {}), reads at {},"
                        + " serial level {}", session.getKeyspace().map(Object::toString).orElse("none"),
                    configuration.readConsistency(), configuration.serialConsistency());
                return withExtensionClassLoader(() -> CassandraKeyStoreFactory.withSession(session, configuration));
            case OWN:
                LOGGER.info("MailKeys key store: Cassandra, own session to {} (data center {}), keyspace {}"
                        + " (replication factor {}), reads at {}, serial level {}", configuration.contactPoints(),
                    configuration.localDatacenter(), configuration.keyspace(), configuration.replicationFactor(),
                    configuration.readConsistency(), configuration.serialConsistency());
                return withExtensionClassLoader(() -> CassandraKeyStoreFactory.open(configuration));
            default:
                throw new ConfigurationException("mailkeys.properties: unsupported " + CassandraStoreSettings.SESSION
                    + " " + settings.session());
        }
    }

    /**
     * The session of the key log's tables (org.mailkeys.store.log.CassandraLogStorage): James' own, or one of the
     * extension's own to the key store's keyspace, which the caller then closes. Call after {@link #open()}.
     */
    public CqlSession logSession() throws ConfigurationException {
        CassandraStoreSettings settings = CassandraStoreSettings.from(mailKeysConfiguration.cassandraProperties());
        if (settings.session() == CassandraStoreSettings.Session.JAMES) {
            return jamesSession();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CassandraKeyStoreFactory.class.getClassLoader());
        try {
            return CassandraKeyStoreFactory.openSession(settings.storeConfiguration());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private CqlSession jamesSession() throws ConfigurationException {
        Binding<CqlSession> binding = injector.getExistingBinding(Key.get(CqlSession.class));
        if (binding == null) {
            throw new ConfigurationException("mailkeys.properties: " + CassandraStoreSettings.SESSION + "=james needs"
                + " a Cassandra-backed (distributed) James, and this James has no Cassandra session;"
                + " use " + CassandraStoreSettings.SESSION + "=own with store.cassandra.contact.points");
        }
        return binding.getProvider().get();
    }

    /**
     * The driver finds its reference.conf and its policy classes through the thread's context class loader, which in
     * James is the server's: when the driver comes from the extension jar, that loader cannot see it.
     */
    private static KeyStore withExtensionClassLoader(Supplier<KeyStore> opening) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CassandraKeyStoreFactory.class.getClassLoader());
        try {
            return opening.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
