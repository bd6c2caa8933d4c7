package org.mailkeys.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

/** A {@link KeyStore} in memory, for unit tests and the demo: it forgets everything when the JVM stops. */
public final class MemoryKeyStore implements KeyStore {
    /** Per address, the latest write: a key, or a deletion kept as a tombstone so that older puts stay out. */
    private static final class Entry {
        private final long version;
        private final Optional<StoredKey> key;

        private Entry(long version, Optional<StoredKey> key) {
            this.version = version;
            this.key = key;
        }
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** "domain/hash" to address; an entry stays after a deletion and then finds the tombstone. */
    private final ConcurrentMap<String, String> webKeyIndex = new ConcurrentHashMap<>();

    @Override
    public Mono<StoredKey> find(String address) {
        return Mono.fromSupplier(() -> Optional.ofNullable(entries.get(StoredKey.normalise(address)))
                .flatMap(entry -> entry.key))
            .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key) {
        return Mono.fromSupplier(() -> {
            webKeyIndex.put(webKeyIndexKey(domainOf(key.address()), WebKeyHash.ofAddress(key.address())),
                key.address());
            return write(key.address(), new Entry(key.version(), Optional.of(key)));
        });
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return Mono.justOrEmpty(webKeyIndex.get(webKeyIndexKey(StoredKey.normalise(domain), hashedLocalPart)))
            .flatMap(this::find);
    }

    private static String webKeyIndexKey(String domain, String hashedLocalPart) {
        return domain + "/" + hashedLocalPart;
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    @Override
    public Mono<WriteOutcome> delete(String address, long version) {
        return Mono.fromSupplier(() -> write(StoredKey.normalise(address), new Entry(version, Optional.empty())));
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return Mono.fromSupplier(() -> Optional.ofNullable(entries.get(StoredKey.normalise(address))))
            .flatMap(entry -> Mono.justOrEmpty(entry.map(current -> current.version)));
    }

    private WriteOutcome write(String address, Entry candidate) {
        AtomicReference<WriteOutcome> outcome = new AtomicReference<>(WriteOutcome.SUPERSEDED);
        // compute() runs atomically per key: the version check and the replacement cannot interleave.
        entries.compute(address, (ignored, current) -> {
            if (current != null && current.version >= candidate.version) {
                return current;
            }
            outcome.set(WriteOutcome.APPLIED);
            return candidate;
        });
        return outcome.get();
    }
}
