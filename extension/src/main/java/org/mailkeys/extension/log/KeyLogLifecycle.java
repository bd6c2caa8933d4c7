package org.mailkeys.extension.log;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.mailkeys.extension.KeyStoreLifecycle;
import org.mailkeys.extension.MailKeysConfiguration;
import org.mailkeys.extension.JamesPaths;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.extension.cassandra.CassandraKeyStoreOpener;
import org.mailkeys.extension.cassandra.CassandraStoreSettings;
import org.mailkeys.store.log.CassandraLogStorage;
import org.mailkeys.store.log.FileLogStorage;
import org.mailkeys.store.log.HistoryAppliedChanges;
import org.mailkeys.store.log.LogAddress;
import org.mailkeys.store.log.LoggedKeyStore;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogSequencer;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.MemoryLogStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * Opens the verifiable key log beside the key store (the same kind of storage: memory, files), makes or loads its
 * keys, queues the keys already stored when the log is new, and runs its sequencer until James stops. Every writer
 * gets the store through {@link #keyStore()}, which records each change in the log.
 */
@Singleton
public class KeyLogLifecycle {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyLogLifecycle.class);
    /** How long a stop waits for the starter, which may be in the middle of a store read. */
    private static final Duration STARTER_STOP = Duration.ofSeconds(30);

    private final KeyStore keyStore;
    private final Optional<KeyLog> log;
    private final Optional<LogSequencer> sequencer;
    private final Optional<Path> publicFolder;
    /** The Cassandra session opened for the log (none for James' own session, which James closes). */
    private Optional<CqlSession> ownedSession = Optional.empty();
    /** The thread that queues the stored keys and then starts the sequencer: stopped first on close. */
    private Optional<Thread> starter = Optional.empty();

    @Inject
    public KeyLogLifecycle(MailKeysConfiguration configuration, KeyStoreLifecycle stores, FileSystem fileSystem,
                           DomainList domainList, Provider<CassandraKeyStoreOpener> cassandra)
        throws IOException, ConfigurationException {
        KeyStore store = stores.keyStore();
        LogSettings settings = configuration.log();
        Optional<LogStorage> storage = settings.enabled() ? storage(configuration, fileSystem, cassandra)
            : Optional.empty();
        if (storage.isEmpty()) {
            this.keyStore = store;
            this.log = Optional.empty();
            this.sequencer = Optional.empty();
            this.publicFolder = Optional.empty();
            return;
        }
        LogKeys keys = keys(storage.get(), settings, fileSystem);
        KeyLog keyLog = new KeyLog(storage.get(), keys, new HistoryAppliedChanges(store), LogAddress::normalise,
            Clock.systemUTC());
        keyLog.open();
        LogSequencer timer = new LogSequencer(keyLog, settings.batchInterval());
        this.starter = Optional.of(startAfterQueueingExistingKeys(store, keyLog, domainList, timer));
        LOGGER.info("MailKeys key log {} started; checkpoints every {} ms at most", keys.origin(),
            settings.batchInterval().toMillis());
        this.keyStore = new LoggedKeyStore(store, keyLog);
        this.log = Optional.of(keyLog);
        this.sequencer = Optional.of(timer);
        this.publicFolder = storage.get() instanceof FileLogStorage
            ? Optional.of(((FileLogStorage) storage.get()).publicFolder()) : Optional.empty();
    }

    private Optional<LogStorage> storage(MailKeysConfiguration configuration, FileSystem fileSystem,
                                         Provider<CassandraKeyStoreOpener> cassandra)
        throws IOException, ConfigurationException {
        switch (configuration.storeType()) {
            case MEMORY:
                return Optional.of(new MemoryLogStorage());
            case FILE:
                Path folder = JamesPaths.resolve(configuration.log().directory(), fileSystem);
                LOGGER.info("MailKeys key log: files under {}", folder);
                return Optional.of(FileLogStorage.open(folder));
            case CASSANDRA:
                CassandraStoreSettings cassandraSettings = CassandraStoreSettings.from(configuration.cassandraProperties());
                CqlSession session = cassandra.get().logSession();
                if (cassandraSettings.session() == CassandraStoreSettings.Session.OWN) {
                    ownedSession = Optional.of(session);
                }
                LOGGER.info("MailKeys key log: Cassandra tables mailkeys_log_* in the key store's keyspace");
                // the key store's read level: proofs keep being served with a replica down (PROTOCOL.md 12.7)
                return Optional.of(CassandraLogStorage.open(session,
                    cassandraSettings.storeConfiguration().readConsistency()));
            default:
                return Optional.empty();
        }
    }

    private static LogKeys keys(LogStorage storage, LogSettings settings, FileSystem fileSystem)
        throws IOException, ConfigurationException {
        Optional<LogKeys> stored = storage.keys();
        if (settings.keysFile().isPresent()) {
            Path file = JamesPaths.resolve(settings.keysFile().get(), fileSystem);
            LogKeys operator = LogKeys.decode(Files.readAllBytes(file)).orElseThrow(() -> new ConfigurationException(
                "mailkeys.properties: " + LogSettings.KEYS_FILE + " " + file + " is not a mailkeys-log-keys v1 file"));
            if (stored.isPresent() && !Arrays.equals(stored.get().encode(), operator.encode())) {
                throw new ConfigurationException("mailkeys.properties: the key log already has other keys than "
                    + file + "; a new key means a new origin and a new log (docs/PROTOCOL.md 12)");
            }
            return storage.keysOrCreate(operator);
        }
        if (stored.isPresent()) {
            String configured = settings.origin(hostName());
            if (!stored.get().origin().equals(configured)) {
                LOGGER.warn("MailKeys key log: the log's origin is {}, not {}: a log keeps its origin", stored.get()
                    .origin(), configured);
            }
            return stored.get();
        }
        return storage.keysOrCreate(LogKeys.generate(settings.origin(hostName()), new SecureRandom()));
    }

    /**
     * While the log is still empty, the keys already in the store enter it as {@code published}; then the sequencer
     * starts. James' domain list answers only once James has started, so this runs on a thread of its own and
     * retries; writes made meanwhile wait as pending changes. A stop before the first batch queues them again.
     */
    private static Thread startAfterQueueingExistingKeys(KeyStore store, KeyLog log, DomainList domainList,
                                                         LogSequencer sequencer) {
        Thread starter = new Thread(() -> {
            for (int attempt = 0; attempt < 600; attempt++) {
                try {
                    if (log.storage().lastBatch().isEmpty()) {
                        queueExistingKeys(store, log, domainList);
                    }
                    break;
                } catch (Exception e) {
                    LOGGER.debug("MailKeys key log: the domain list is not ready yet: {}", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            // James stopping meanwhile interrupts this thread: a sequencer started now would outlive the stop
            if (!Thread.currentThread().isInterrupted()) {
                sequencer.start();
            }
        }, "mailkeys-log-start");
        starter.setDaemon(true);
        starter.start();
        return starter;
    }

    private static void queueExistingKeys(KeyStore store, KeyLog log, DomainList domainList) throws Exception {
        {
            int count = 0;
            for (Domain domain : domainList.getDomains()) {
                Optional<String> after = Optional.empty();
                while (true) {
                    List<String> page = store.addresses(domain.asString(), after, KeyStore.MAX_PAGE_SIZE)
                        .collectList().block();
                    if (page == null || page.isEmpty()) {
                        break;
                    }
                    for (String address : page) {
                        Optional<StoredKey> key = store.find(address).blockOptional();
                        if (key.isPresent()) {
                            log.addExisting(address, key.get().version());
                            count++;
                        }
                    }
                    after = Optional.of(page.get(page.size() - 1));
                }
            }
            if (count > 0) {
                LOGGER.info("MailKeys key log is new; {} keys already stored enter it as published", count);
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Interrupts the starter and waits for it, so that the sequencer is either not started or started before close. */
    private static void stop(Thread starter) {
        starter.interrupt();
        try {
            starter.join(STARTER_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The store every writer uses: the log's when the log is on. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The log, when on. */
    public Optional<KeyLog> log() {
        return log;
    }

    /** The folder of the file log that a web server may serve, when the log is in files. */
    public Optional<Path> publicFolder() {
        return publicFolder;
    }

    @PreDestroy
    public void close() {
        starter.ifPresent(KeyLogLifecycle::stop);
        sequencer.ifPresent(LogSequencer::close);
        ownedSession.ifPresent(CqlSession::close);
    }
}
