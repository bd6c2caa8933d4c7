package org.mailkeys.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one failing {@link KeyStore} of the tests (a unit-test double, in this module's test jar for every module that
 * uses a store): the memory store, versions and all, that can be told to fail. Either as a whole, as an unreachable
 * store ({@link #failFromNowOn()}, {@link #workAgain()}), or only its lookups: with an error signal
 * ({@link #failLookups()}), by throwing where it should signal ({@link #throwOnLookups()}), or never answering
 * ({@link #hangLookups()}). It counts lookups and cancelled lookups, and records who made each write.
 */
public final class ScriptedKeyStore implements KeyStore {
    private final MemoryKeyStore memory = new MemoryKeyStore();
    private final List<ChangeOrigin> origins = new CopyOnWriteArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger cancelledLookups = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean writesFailing;
    private volatile Optional<Mono<StoredKey>> scriptedLookup = Optional.empty();
    private volatile boolean throwOnLookup;

    /** Every call but the history and address listings fails, and the health check says so, until {@link #workAgain()}. */
    public void failFromNowOn() {
        failing = true;
    }

    /** Reads work, writes fail: a request gets its version, then the store fails under it. */
    public void failWritesFromNowOn() {
        writesFailing = true;
    }

    public void workAgain() {
        failing = false;
        writesFailing = false;
    }

    /** Lookups (by address or Web Key hash) end in an error signal. */
    public void failLookups() {
        scriptedLookup = Optional.of(Mono.error(new IllegalStateException("the store is down")));
    }

    /** A broken store that throws where it should return an error signal. */
    public void throwOnLookups() {
        throwOnLookup = true;
    }

    /** Lookups never answer; their cancellation is counted. */
    public void hangLookups() {
        scriptedLookup = Optional.of(Mono.<StoredKey>never().doOnCancel(cancelledLookups::incrementAndGet));
    }

    public int lookups() {
        return lookups.get();
    }

    public int cancelledLookups() {
        return cancelledLookups.get();
    }

    /** Who made each write, in order. */
    public List<ChangeOrigin> origins() {
        return List.copyOf(origins);
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return lookup(() -> memory.find(address));
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return lookup(() -> memory.findByWebKeyHash(domain, hashedLocalPart));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        return unlessWritesFail(() -> memory.put(key, ticket, origin).doOnNext(outcome -> origins.add(origin)));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return unlessWritesFail(() -> memory.delete(address, ticket, origin).doOnNext(outcome -> origins.add(origin)));
    }

    private <T> Mono<T> unlessWritesFail(Supplier<Mono<T>> call) {
        return unlessFailing(() -> writesFailing ? Mono.error(new IllegalStateException("write failed (test)"))
            : call.get());
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return memory.history(address);
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return memory.addresses(domain, after, limit);
    }

    @Override
    public Mono<StoreHealth> health() {
        return failing ? Mono.just(StoreHealth.unhealthy("store down (test)")) : memory.health();
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return unlessFailing(() -> memory.latestVersion(address));
    }

    private Mono<StoredKey> lookup(Supplier<Mono<StoredKey>> real) {
        lookups.incrementAndGet();
        if (throwOnLookup) {
            throw new IllegalStateException("the store is broken");
        }
        return scriptedLookup.orElseGet(() -> unlessFailing(real));
    }

    private <T> Mono<T> unlessFailing(Supplier<Mono<T>> call) {
        return Mono.defer(() -> failing ? Mono.error(new IllegalStateException("store down (test)")) : call.get());
    }
}
