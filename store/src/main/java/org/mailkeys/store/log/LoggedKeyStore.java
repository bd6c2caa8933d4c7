package org.mailkeys.store.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
import org.mailkeys.transparency.KeyLog;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link KeyStore} whose every applied change enters the key log: the change is recorded as pending before the
 * store applies it, and dropped again when the store does not; the log's sequencer takes it from the key history.
 * Whoever writes (the KST, WebAdmin, the Web Key Service) goes through this one decorator.
 */
public final class LoggedKeyStore implements KeyStore, AutoCloseable {
    private final KeyStore store;
    private final KeyLog log;

    public LoggedKeyStore(KeyStore store, KeyLog log) {
        this.store = store;
        this.log = log;
    }

    /** The store this one writes through. */
    public KeyStore unlogged() {
        return store;
    }

    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        return logged(key.address(), ticket.version(), store.put(key, ticket, origin));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return logged(address, ticket.version(), store.delete(address, ticket, origin));
    }

    @Override
    public Mono<Void> completeInterruptedWrite(String address) {
        return store.completeInterruptedWrite(address);
    }

    private Mono<WriteOutcome> logged(String address, long version, Mono<WriteOutcome> write) {
        return Mono.fromRunnable(() -> run(() -> log.expect(address, version)))
            .subscribeOn(Schedulers.boundedElastic())
            .then(write)
            .flatMap(outcome -> outcome == WriteOutcome.APPLIED ? Mono.just(outcome)
                : Mono.fromRunnable(() -> run(() -> log.notApplied(address, version)))
                    .subscribeOn(Schedulers.boundedElastic()).thenReturn(outcome));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("The key log cannot record the change: " + e.getMessage(), e);
        }
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return store.find(address);
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return store.history(address);
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return store.addresses(domain, after, limit);
    }

    @Override
    public Mono<StoreHealth> health() {
        return store.health();
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return store.latestVersion(address);
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return store.findByWebKeyHash(domain, hashedLocalPart);
    }

    @Override
    public void close() throws Exception {
        if (store instanceof AutoCloseable) {
            ((AutoCloseable) store).close();
        }
    }
}
