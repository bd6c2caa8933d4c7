package org.mailkeys.mailets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.store.WriteOutcome;

import reactor.core.publisher.Mono;

/** A tiny KeyStore for the mailets' tests; can be switched to failing (and back), to play an unreachable store. */
final class FakeKeyStore implements KeyStore {
    private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
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

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        if (failing) {
            return Mono.error(new IllegalStateException("store down (test)"));
        }
        return Mono.justOrEmpty(keys.values().stream()
            .filter(key -> key.address().endsWith("@" + domain)
                && WebKeyHash.ofAddress(key.address()).equals(hashedLocalPart))
            .findFirst());
    }
}
