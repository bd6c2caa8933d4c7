package org.mailkeys.mailets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;

import reactor.core.publisher.Mono;

/** A tiny KeyStore for the mailets' tests; can be switched to failing, to play an unreachable store. */
final class FakeKeyStore implements KeyStore {
    private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
    private volatile boolean failing;

    void failFromNowOn() {
        failing = true;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        return Mono.justOrEmpty(keys.get(StoredKey.normalise(address)));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        keys.put(key.address(), key);
        return Mono.just(WriteOutcome.APPLIED);
    }

    @Override
    public Mono<WriteOutcome> delete(String address, long version) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        keys.remove(StoredKey.normalise(address));
        return Mono.just(WriteOutcome.APPLIED);
    }
}
