package org.mailkeys.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.KeyWrite;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteDecision;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded default {@link KeyStore}: one folder on disk that survives restarts and can be served as a Web Key
 * Directory (see {@link WebKeyDirectoryLayout}).
 *
 * <p>Each address has one record file holding the key, its metadata and the version together. A reader therefore
 * never sees a key with another key's metadata: the record is replaced as a whole by atomic rename
 * ({@link AtomicFiles}), and {@link #find} reads nothing else. The WKD file {@code hu/<hash>} is a copy derived
 * from the record, written after it; if the process dies between the two writes, {@link #open} rewrites the copies
 * from the records. A deletion keeps a tombstone record with its version, so an older put cannot bring the key
 * back.
 *
 * <p>Each applied write also leaves one history file ({@link HistoryFile}), written before the record: if the record
 * write then fails, the history file is removed again, and {@link #open} removes the history files that a crash left
 * ahead of their record. So the history holds exactly the writes that took effect.
 *
 * <p>The WKD copy stays although James serves a Web Key Directory itself (the {@code wkd} module), which reads
 * the records through {@link #find} and {@link #findByWebKeyHash}, never the copies: an operator who does not turn
 * that listener on can still publish the folder with any static web server, read-only, and a copy costs one small
 * file per key. The records are the index by domain and hash that {@link #findByWebKeyHash} needs: they are named
 * by the same hash.
 *
 * <p>Writes of one address are serialised within this instance (striped locks), and a lock file keeps a second
 * instance, in this JVM or another process, from using the same folder. File I/O runs on
 * {@link Schedulers#boundedElastic()}.
 */
public final class FileKeyStore implements KeyStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileKeyStore.class);
    /** Starts with a dot, so no domain folder can have this name. */
    private static final String LOCK_FILE = ".mailkeys.lock";
    private static final int LOCK_STRIPES = 64;
    private static final byte[] EMPTY_POLICY = new byte[0];

    private final Path root;
    private final WebKeyDirectoryLayout layout;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object[] writeLocks = new Object[LOCK_STRIPES];

    private FileKeyStore(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.layout = new WebKeyDirectoryLayout(root);
        this.lockChannel = lockChannel;
        this.lock = lock;
        Arrays.setAll(writeLocks, i -> new Object());
    }

    /**
     * Opens (creating if needed) the store in a folder: removes temporary files a crash left behind and rewrites WKD
     * copies that disagree with their records.
     *
     * @throws IOException when the folder cannot be used, or another store holds it
     */
    public static FileKeyStore open(Path root) throws IOException {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        AtomicFiles.createFolders(absoluteRoot);
        FileChannel lockChannel = FileChannel.open(absoluteRoot.resolve(LOCK_FILE), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("Another key store is using " + absoluteRoot);
        }
        FileKeyStore store = new FileKeyStore(absoluteRoot, lockChannel, lock);
        try {
            store.recover();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return blocking(() -> readRecordIfNameable(StoredKey.normalise(address)))
            .flatMap(record -> Mono.justOrEmpty(record.flatMap(KeyRecord::key)));
    }

    /** The records are named by domain and hash already: they are the index. */
    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return blocking(() -> {
            Path recordFile;
            try {
                recordFile = layout.recordFileOfHash(domain, hashedLocalPart);
            } catch (IllegalArgumentException e) {
                return Optional.<StoredKey>empty(); // no file can have that name: no key, as find() answers
            }
            byte[] encoded = AtomicFiles.readIfExists(recordFile);
            return encoded == null ? Optional.<StoredKey>empty() : RecordFile.decode(encoded).key();
        }).flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        KeyWrite write = KeyWrite.put(key, ticket, origin);
        return blocking(() -> apply(write));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        KeyWrite write = KeyWrite.delete(address, ticket, origin);
        return blocking(() -> apply(write));
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return blocking(() -> readHistory(StoredKey.normalise(address))).flatMapIterable(entries -> entries);
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return blocking(() -> domainAddresses(domain, after, limit)).flatMapIterable(addresses -> addresses);
    }

    @Override
    public Mono<StoreHealth> health() {
        return blocking(() -> Files.isDirectory(root) && Files.isWritable(root) && lock.isValid()
            ? StoreHealth.healthy()
            : StoreHealth.unhealthy("the key folder is missing or not writable"));
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return blocking(() -> readRecordIfNameable(StoredKey.normalise(address)))
            .flatMap(record -> Mono.justOrEmpty(record.map(KeyRecord::version)));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static <T> Mono<T> blocking(Callable<T> io) {
        return Mono.fromCallable(io).subscribeOn(Schedulers.boundedElastic());
    }

    /** The decision, the history entry and the record under one lock: history and record never disagree. */
    private WriteOutcome apply(KeyWrite write) throws IOException {
        String address = write.address();
        Path recordFile = layout.recordFile(address);
        Path webKeyFile = layout.webKeyFile(address);
        Path historyFile = layout.historyFile(address, write.ticket().version());
        synchronized (writeLockOf(recordFile)) {
            Optional<KeyRecord> current = readRecord(address);
            WriteDecision.Verdict verdict = write.judge(current);
            if (verdict == WriteDecision.Verdict.ALREADY_APPLIED) {
                return WriteOutcome.APPLIED; // the history file was written before the record
            }
            if (verdict == WriteDecision.Verdict.SUPERSEDED) {
                return WriteOutcome.SUPERSEDED;
            }
            KeyRecord candidate = write.recordOver(current);
            ensurePolicyFile(layout.policyFile(address));
            // History first: a crash before the record leaves an entry ahead of it, which open() removes.
            AtomicFiles.write(historyFile, HistoryFile.encode(write.historyEntryOver(current)));
            try {
                AtomicFiles.write(recordFile, RecordFile.encode(candidate));
            } catch (IOException | RuntimeException e) {
                AtomicFiles.delete(historyFile);
                throw e;
            }
            writeWebKeyCopy(webKeyFile, candidate);
            return WriteOutcome.APPLIED;
        }
    }

    private List<HistoryEntry> readHistory(String address) throws IOException {
        Path folder = layout.historyFolder(address);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (Path file : sortedFiles(folder)) {
            HistoryEntry entry = HistoryFile.decode(Files.readAllBytes(file));
            if (entry.address().equals(address)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private List<String> domainAddresses(String domain, Optional<String> after, int limit) throws IOException {
        Path folder = layout.recordFolder(domain);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        TreeSet<String> addresses = new TreeSet<>();
        for (Path file : sortedFiles(folder)) {
            KeyRecord record = RecordFile.decode(Files.readAllBytes(file));
            if (record.key().isPresent() && after.map(cursor -> record.address().compareTo(cursor) > 0).orElse(true)) {
                addresses.add(record.address());
                if (addresses.size() > limit) {
                    addresses.pollLast();
                }
            }
        }
        return List.copyOf(addresses);
    }

    /** The store's own files of a folder, by name; temporary files are left out. */
    private static List<Path> sortedFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> Files.isRegularFile(file) && !AtomicFiles.isTemporary(file))
                .sorted()
                .collect(Collectors.toList());
        }
    }

    /** By file rather than by address text: two spellings of one domain (IDN and ASCII) share a file. */
    private Object writeLockOf(Path recordFile) {
        return writeLocks[Math.floorMod(recordFile.hashCode(), LOCK_STRIPES)];
    }

    /** A reader's question about an address no file can be named after has one answer: no key. */
    private Optional<KeyRecord> readRecordIfNameable(String address) throws IOException {
        try {
            WebKeyDirectoryLayout.canonical(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return readRecord(address);
    }

    private Optional<KeyRecord> readRecord(String address) throws IOException {
        byte[] encoded = AtomicFiles.readIfExists(layout.recordFile(address));
        if (encoded == null) {
            return Optional.empty();
        }
        KeyRecord record = RecordFile.decode(encoded);
        // an internationalised domain shares its file with its ASCII form: compare the forms files are named by
        if (!WebKeyDirectoryLayout.canonical(record.address()).equals(WebKeyDirectoryLayout.canonical(address))) {
            // Two local parts with one SHA-1: refuse to mix them up rather than answer with another's key.
            throw new IOException("Record of another address found for " + address);
        }
        return Optional.of(record);
    }

    private static void writeWebKeyCopy(Path webKeyFile, KeyRecord record) throws IOException {
        Optional<StoredKey> key = record.key();
        if (key.isPresent()) {
            AtomicFiles.write(webKeyFile, key.get().keyBytes());
        } else {
            AtomicFiles.delete(webKeyFile);
        }
    }

    /** WKD clients look for a policy file before they trust a domain's folder. */
    private static void ensurePolicyFile(Path policy) throws IOException {
        if (!Files.exists(policy)) {
            AtomicFiles.write(policy, EMPTY_POLICY);
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path file : files) {
            if (AtomicFiles.isTemporary(file)) {
                LOGGER.info("Removing {}, left behind by an interrupted write", file);
                Files.delete(file);
            } else if (layout.isRecordFile(file)) {
                repairWebKeyCopy(file);
            } else if (layout.isHistoryFile(file)) {
                removeIfAheadOfRecord(file);
            }
        }
    }

    /** A history entry whose record was never written (a crash between the two writes) did not take effect. */
    private void removeIfAheadOfRecord(Path historyFile) throws IOException {
        HistoryEntry entry;
        Optional<KeyRecord> record;
        try {
            entry = HistoryFile.decode(Files.readAllBytes(historyFile));
            record = readRecord(entry.address());
        } catch (IOException e) {
            LOGGER.error("Cannot read the key history entry {}: {}", historyFile, e.getMessage());
            return;
        }
        if (record.isEmpty() || record.get().version() < entry.version()) {
            LOGGER.info("Removing the history entry {}, whose write was interrupted before it took effect",
                historyFile);
            AtomicFiles.delete(historyFile);
        }
    }

    private void repairWebKeyCopy(Path recordFile) throws IOException {
        KeyRecord record;
        try {
            record = RecordFile.decode(Files.readAllBytes(recordFile));
        } catch (IOException e) {
            // Only damage from outside the store does this; the other addresses must stay available.
            LOGGER.error("Cannot read the key record {}: {}", root.relativize(recordFile), e.getMessage());
            return;
        }
        Path webKeyFile = layout.webKeyFile(record.address());
        byte[] copy = AtomicFiles.readIfExists(webKeyFile);
        Optional<byte[]> expected = record.key().map(StoredKey::keyBytes);
        boolean consistent = expected.isPresent() ? Arrays.equals(copy, expected.get()) : copy == null;
        if (!consistent) {
            LOGGER.info("Rewriting the WKD copy {} from its record", webKeyFile);
            writeWebKeyCopy(webKeyFile, record);
        }
    }
}
