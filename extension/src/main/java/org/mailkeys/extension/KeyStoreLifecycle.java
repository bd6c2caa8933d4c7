package org.mailkeys.extension;

import java.io.IOException;
import java.nio.file.Path;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.mailkeys.extension.cassandra.CassandraKeyStoreOpener;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStore;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.wks.FileWebKeyServiceStore;
import org.mailkeys.store.wks.MemoryWebKeyServiceStore;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the key store that {@code mailkeys.properties} names, once, and closes it when James stops: James runs the
 * {@code @PreDestroy} methods of the objects Guice built for it, extension ones included. Closing releases the file
 * store's lock and the Cassandra session the extension opened, so a server restarted in the same JVM can open them
 * again.
 */
@Singleton
public class KeyStoreLifecycle {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyStoreLifecycle.class);

    private final KeyStore keyStore;
    private final WebKeyServiceStore webKeyServiceStore;

    @Inject
    KeyStoreLifecycle(MailKeysConfiguration configuration, FileSystem fileSystem,
                      Provider<CassandraKeyStoreOpener> cassandra) throws IOException, ConfigurationException {
        this.keyStore = open(configuration, fileSystem, cassandra);
        this.webKeyServiceStore = openWebKeyServiceState(configuration, fileSystem, keyStore);
    }

    /**
     * The Web Key Service's state beside the key store: memory for the memory store, an owner-only folder beside the
     * file store's (never inside it: that one may be served as a Web Key Directory, and this one holds secret keys),
     * tables in the key store's keyspace for Cassandra.
     */
    private static WebKeyServiceStore openWebKeyServiceState(MailKeysConfiguration configuration, FileSystem fileSystem,
                                                             KeyStore keyStore) throws IOException {
        switch (configuration.storeType()) {
            case FILE:
                Path directory = JamesPaths.resolve(configuration.fileDirectory(), fileSystem);
                Path state = directory.resolveSibling(directory.getFileName() + "-wks");
                LOGGER.info("MailKeys Web Key Service state: owner-only files under {}", state);
                return FileWebKeyServiceStore.open(state);
            case CASSANDRA:
                // tables beside the key table, shared by every node
                if (keyStore instanceof CassandraKeyStore) {
                    return ((CassandraKeyStore) keyStore).webKeyServiceState();
                }
                LOGGER.warn("MailKeys Web Key Service state kept in memory: this Cassandra store has no tables for it");
                return new MemoryWebKeyServiceStore();
            default:
                return new MemoryWebKeyServiceStore();
        }
    }

    public WebKeyServiceStore webKeyServiceStore() {
        return webKeyServiceStore;
    }

    private static KeyStore open(MailKeysConfiguration configuration, FileSystem fileSystem,
                                 Provider<CassandraKeyStoreOpener> cassandra) throws IOException, ConfigurationException {
        switch (configuration.storeType()) {
            case MEMORY:
                LOGGER.warn("MailKeys uses the in-memory key store: published keys are lost when James stops");
                return new MemoryKeyStore();
            case FILE:
                Path directory = JamesPaths.resolve(configuration.fileDirectory(), fileSystem);
                LOGGER.info("MailKeys key store: files under {}", directory);
                return FileKeyStore.open(directory);
            case CASSANDRA:
                // James' session or one of its own (store.cassandra.session); see CassandraKeyStoreOpener
                return cassandra.get().open();
            default:
                throw new ConfigurationException("mailkeys.properties: unsupported store " + configuration.storeType());
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    @PreDestroy
    public void close() throws Exception {
        if (keyStore instanceof AutoCloseable) {
            ((AutoCloseable) keyStore).close();
            LOGGER.info("MailKeys key store closed");
        }
    }
}
