package org.mailkeys.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link KeyStore} in memory, for unit tests and the demo: it forgets everything when the JVM stops. */
public final class MemoryKeyStore implements KeyStore {
    /**
     * Per address, the latest write (a key, or a deletion kept as a tombstone so that older puts stay out), the
     * request that made it, the operator fence ({@link WriteDecision}) and the history.
     */
    private static final class Entry {
        private final long version;
        private final Optional<StoredKey> key;
        private final String requestId;
        private final long fence;
        private final List<HistoryEntry> history;

        private Entry(long version, Optional<StoredKey> key, String requestId, long fence, List<HistoryEntry> history) {
            this.version = version;
            this.key = key;
            this.requestId = requestId;
            this.fence = fence;
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
                .flatMap(entry -> entry.key))
            .flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        WriteDecision.requireKeyVersion(key, ticket);
        return Mono.fromSupplier(() -> {
            webKeyIndex.put(webKeyIndexKey(MailAddressIdentity.domainOf(key.address()),
                WebKeyHash.ofAddress(key.address())), key.address());
            return write(key.address(), ticket, origin, false, Optional.of(key),
                previous -> HistoryEntry.ofPut(key, previous, origin));
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
        String normalised = StoredKey.normalise(address);
        return Mono.fromSupplier(() -> write(normalised, ticket, origin, true, Optional.empty(),
            previous -> HistoryEntry.ofDelete(normalised, ticket.version(), previous, origin)));
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
            .filter(entry -> entry.getKey().endsWith(suffix) && entry.getValue().key.isPresent())
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
            .flatMap(entry -> Mono.justOrEmpty(entry.map(current -> current.version)));
    }

    private WriteOutcome write(String address, WriteTicket ticket, ChangeOrigin origin, boolean deletion,
                               Optional<StoredKey> key, Function<Optional<StoredKey>, HistoryEntry> historyEntry) {
        AtomicReference<WriteOutcome> outcome = new AtomicReference<>(WriteOutcome.SUPERSEDED);
        // compute() runs atomically per key: the decision, the replacement and the history entry cannot interleave.
        entries.compute(address, (ignored, current) -> {
            WriteDecision.Verdict verdict = current == null
                ? WriteDecision.decide(Optional.empty(), Optional.empty(), 0, ticket)
                : WriteDecision.decide(Optional.of(current.version), Optional.of(current.requestId), current.fence,
                    ticket);
            if (verdict == WriteDecision.Verdict.ALREADY_APPLIED) {
                outcome.set(WriteOutcome.APPLIED);
            }
            if (verdict != WriteDecision.Verdict.APPLY) {
                return current;
            }
            outcome.set(WriteOutcome.APPLIED);
            Optional<StoredKey> previous = current == null ? Optional.empty() : current.key;
            List<HistoryEntry> history = new ArrayList<>(current == null ? List.of() : current.history);
            history.add(historyEntry.apply(previous));
            long fence = WriteDecision.fenceAfter(current == null ? 0 : current.fence, ticket, origin, deletion);
            return new Entry(ticket.version(), key, ticket.requestId(), fence, List.copyOf(history));
        });
        return outcome.get();
    }
}
