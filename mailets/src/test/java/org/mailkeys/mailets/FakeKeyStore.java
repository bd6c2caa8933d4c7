package org.mailkeys.mailets;

import java.util.function.Supplier;

import org.mailkeys.store.KeyStore;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;

import reactor.core.publisher.Mono;

/**
 * The memory store (versions and all) for the mailets' tests; can be switched to failing (and back), to play an
 * unreachable store.
 */
final class FakeKeyStore implements KeyStore {
    private final MemoryKeyStore keys = new MemoryKeyStore();
    private volatile boolean failing;

    void failFromNowOn() {
        failing = true;
    }

    void workAgain() {
        failing = false;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return unlessFailing(() -> keys.find(address));
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key) {
        return unlessFailing(() -> keys.put(key));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, long version) {
        return unlessFailing(() -> keys.delete(address, version));
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
