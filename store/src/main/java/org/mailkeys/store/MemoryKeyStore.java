package org.mailkeys.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link KeyStore} in memory, for unit tests and the demo: it forgets everything when the JVM stops. */
public final class MemoryKeyStore implements KeyStore {
    /** Per address, the latest write's record and the history of every applied write. */
    private static final class Entry {
        private final KeyRecord record;
        private final List<HistoryEntry> history;

        private Entry(KeyRecord record, List<HistoryEntry> history) {
            this.record = record;
            this.history = history;
        }
    }

    /** Sorted by address, so that a domain's page comes out in order. */
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    /** "domain/hash" to address; an entry stays after a deletion and then finds the tombstone. */
    private final ConcurrentMap<String, String> webKeyIndex = new ConcurrentHashMap<>();

    @Override
    public Mono<StoredKey> find(String address) {
        return Mono.fromSupplier(() -> Optional.ofNullable(entries.get(StoredKey.normalise(address)))
                .flatMap(entry -> entry.record.key()))
            .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        KeyWrite write = KeyWrite.put(key, ticket, origin);
        return Mono.fromSupplier(() -> {
            webKeyIndex.put(webKeyIndexKey(MailAddressIdentity.domainOf(key.address()),
                WebKeyHash.ofAddress(key.address())), key.address());
            return apply(write);
        });
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return Mono.justOrEmpty(webKeyIndex.get(webKeyIndexKey(MailAddressIdentity.domain(domain), hashedLocalPart)))
            .flatMap(this::find);
    }

    private static String webKeyIndexKey(String domain, String hashedLocalPart) {
        return domain + "/" + hashedLocalPart;
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        KeyWrite write = KeyWrite.delete(address, ticket, origin);
        return Mono.fromSupplier(() -> apply(write));
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return Mono.justOrEmpty(entries.get(StoredKey.normalise(address)))
            .flatMapIterable(entry -> entry.history);
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        String suffix = "@" + MailAddressIdentity.domain(domain);
        return Flux.fromIterable(entries.entrySet())
            .filter(entry -> entry.getKey().endsWith(suffix) && entry.getValue().record.key().isPresent())
            .map(Map.Entry::getKey)
            .filter(address -> after.map(cursor -> address.compareTo(cursor) > 0).orElse(true))
            .take(limit);
    }

    @Override
    public Mono<StoreHealth> health() {
        return Mono.just(StoreHealth.healthy());
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return Mono.fromSupplier(() -> Optional.ofNullable(entries.get(StoredKey.normalise(address))))
            .flatMap(entry -> Mono.justOrEmpty(entry.map(current -> current.record.version())));
    }

    private WriteOutcome apply(KeyWrite write) {
        AtomicReference<WriteOutcome> outcome = new AtomicReference<>(WriteOutcome.SUPERSEDED);
        // compute() runs atomically per key: the decision, the replacement and the history entry cannot interleave.
        entries.compute(write.address(), (ignored, current) -> {
            Optional<KeyRecord> currentRecord = Optional.ofNullable(current).map(entry -> entry.record);
            WriteDecision.Verdict verdict = write.judge(currentRecord);
            if (verdict == WriteDecision.Verdict.ALREADY_APPLIED) {
                outcome.set(WriteOutcome.APPLIED);
            }
            if (verdict != WriteDecision.Verdict.APPLY) {
                return current;
            }
            outcome.set(WriteOutcome.APPLIED);
            List<HistoryEntry> history = new ArrayList<>(current == null ? List.of() : current.history);
            history.add(write.historyEntryOver(currentRecord));
            return new Entry(write.recordOver(currentRecord), List.copyOf(history));
        });
        return outcome.get();
    }
}
