package org.mailkeys.mailets;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The memory store (versions and all) for the mailets' tests; can be switched to failing (and back), to play an
 * unreachable store.
 */
final class FakeKeyStore implements KeyStore {
    private final MemoryKeyStore keys = new MemoryKeyStore();
    private final List<ChangeOrigin> origins = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile boolean writesFailing;

    void failFromNowOn() {
        failing = true;
    }

    /** Reads work, writes fail: a request gets its version, then the store fails under it. */
    void failWritesFromNowOn() {
        writesFailing = true;
    }

    void workAgain() {
        failing = false;
        writesFailing = false;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return unlessFailing(() -> keys.find(address));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        return unlessWritesFail(() -> keys.put(key, ticket, origin).doOnNext(outcome -> origins.add(origin)));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return unlessWritesFail(() -> keys.delete(address, ticket, origin).doOnNext(outcome -> origins.add(origin)));
    }

    private <T> Mono<T> unlessWritesFail(Supplier<Mono<T>> call) {
        return unlessFailing(() -> writesFailing ? Mono.error(new IllegalStateException("write failed (test)"))
            : call.get());
    }

    /** Who made each write, in order. */
    List<ChangeOrigin> origins() {
        return List.copyOf(origins);
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return keys.history(address);
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return keys.addresses(domain, after, limit);
    }

    @Override
    public Mono<StoreHealth> health() {
        return Mono.just(failing ? StoreHealth.unhealthy("store down (test)") : StoreHealth.healthy());
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return unlessFailing(() -> keys.latestVersion(address));
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return unlessFailing(() -> keys.findByWebKeyHash(domain, hashedLocalPart));
    }

    private <T> Mono<T> unlessFailing(Supplier<Mono<T>> call) {
        return Mono.defer(() -> failing ? Mono.error(new IllegalStateException("store down (test)")) : call.get());
    }
}
