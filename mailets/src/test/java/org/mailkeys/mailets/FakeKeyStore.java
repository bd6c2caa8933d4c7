package org.mailkeys.mailets;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A tiny KeyStore for the mailets' tests; can be switched to failing (and back), to play an unreachable store. */
final class FakeKeyStore implements KeyStore {
    private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
    private final List<ChangeOrigin> origins = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    void failFromNowOn() {
        failing = true;
    }

    void workAgain() {
        failing = false;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        return Mono.justOrEmpty(keys.get(StoredKey.normalise(address)));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, ChangeOrigin origin) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        keys.put(key.address(), key);
        origins.add(origin);
        return Mono.just(WriteOutcome.APPLIED);
    }

    @Override
    public Mono<WriteOutcome> delete(String address, long version, ChangeOrigin origin) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        keys.remove(StoredKey.normalise(address));
        origins.add(origin);
        return Mono.just(WriteOutcome.APPLIED);
    }

    /** Who made each applied write, in order. */
    List<ChangeOrigin> origins() {
        return List.copyOf(origins);
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return Flux.empty();
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return Flux.empty();
    }

    @Override
    public Mono<StoreHealth> health() {
        return Mono.just(failing ? StoreHealth.unhealthy("store down (test)") : StoreHealth.healthy());
    }
}
