package org.mailkeys.wkd;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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

/** A memory store whose lookups are counted, and can be made to fail or to hang (a unit-test double). */
final class ScriptedKeyStore implements KeyStore {
    final MemoryKeyStore memory = new MemoryKeyStore();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger cancelledLookups = new AtomicInteger();
    private volatile Optional<Mono<StoredKey>> scriptedLookup = Optional.empty();
    private volatile boolean throwOnLookup;

    void failLookups() {
        scriptedLookup = Optional.of(Mono.error(new IllegalStateException("the store is down")));
    }

    /** A broken store that throws where it should return an error signal. */
    void throwOnLookups() {
        throwOnLookup = true;
    }

    void hangLookups() {
        scriptedLookup = Optional.of(Mono.<StoredKey>never().doOnCancel(cancelledLookups::incrementAndGet));
    }

    private Mono<StoredKey> lookup(Mono<StoredKey> real) {
        lookups.incrementAndGet();
        if (throwOnLookup) {
            throw new IllegalStateException("the store is broken");
        }
        return scriptedLookup.orElse(real);
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return lookup(memory.find(address));
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return lookup(memory.findByWebKeyHash(domain, hashedLocalPart));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        return memory.put(key, ticket, origin);
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return memory.delete(address, ticket, origin);
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
        return memory.health();
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return memory.latestVersion(address);
    }
}
