package org.mailkeys.store.cassandra;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link KeyStore} in Cassandra, shared by every James node of a cluster. Build it with
 * {@link CassandraKeyStoreFactory}.
 *
 * <p>Each address has one row holding the key, its metadata and the version, or a tombstone (version only) once
 * deleted; rows are never removed, so a deletion keeps its version. Every write is a lightweight transaction:
 * {@code INSERT ... IF NOT EXISTS} for an address never seen, otherwise {@code UPDATE ... IF version < ?}. Why this
 * is safe with concurrent writers on any number of nodes:
 * <ul>
 *     <li>Never a mix: one write sets every column of one row, in one partition. Cassandra applies a
 *     single-partition mutation atomically and in isolation, so a reader gets all columns of one write.</li>
 *     <li>Never older over newer: Paxos makes "check the stored version, then write" one linearizable step. Of two
 *     concurrent writes, the second to commit sees the first's version in its condition; an older write then
 *     fails its condition and is reported {@link WriteOutcome#SUPERSEDED}.</li>
 *     <li>Two writers inserting the first row race on {@code IF NOT EXISTS}: one wins, the other falls through to
 *     the conditional update and is judged by version like any other write.</li>
 * </ul>
 * Only lightweight transactions write this table: mixing them with plain writes would break these guarantees.
 *
 * <p>An applied write is then recorded in the history table and the domain table ({@link CassandraHistoryTable},
 * {@link CassandraDomainTable}). The old fingerprint of a history entry is the key read (at the read level) just
 * before the write: with concurrent writers of one address it may name an older key than the one replaced; the
 * versions of the entries give their order in any case.
 *
 * <p>A Paxos round can time out with its outcome unknown (contention, a slow replica). The store then reads at the
 * serial level, which completes any open round, and answers from what it finds, trying the write again if it was
 * not applied.
 */
public final class CassandraKeyStore implements KeyStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraKeyStore.class);
    private static final int SETTLE_ATTEMPTS = 5;
    private static final Duration SETTLE_BACKOFF = Duration.ofMillis(100);

    /** Read by the health check: no address has this domain. */
    private static final String PROBE_ADDRESS = "health-check@mailkeys.invalid";

    private final KeyRows dao;
    private final HistoryRows history;
    private final WebKeyIndex webKeyIndex;
    private final Optional<CqlSession> ownedSession;
    private WebKeyServiceStore webKeyServiceState;

    CassandraKeyStore(KeyRows dao, HistoryRows history, WebKeyIndex webKeyIndex, Optional<CqlSession> ownedSession) {
        this.dao = dao;
        this.history = history;
        this.webKeyIndex = webKeyIndex;
        this.ownedSession = ownedSession;
    }

    /** The Web Key Service's state in the same keyspace, shared by every node. */
    public WebKeyServiceStore webKeyServiceState() {
        return webKeyServiceState;
    }

    CassandraKeyStore withWebKeyServiceState(WebKeyServiceStore state) {
        this.webKeyServiceState = state;
        return this;
    }

    @Override
    public Mono<StoredKey> find(String address) {
        return dao.read(StoredKey.normalise(address))
            .flatMap(row -> Mono.justOrEmpty(row.flatMap(KeyRow::key)));
    }

    /** The index row first: a key that can be found by address can always be found by its WKD hash too. */
    @Override
    public Mono<WriteOutcome> put(StoredKey key, ChangeOrigin origin) {
        KeyRow row = KeyRow.of(key);
        String address = key.address();
        return webKeyIndex.add(address.substring(address.lastIndexOf('@') + 1), WebKeyHash.ofAddress(address), address)
            .then(writeAndRecord(row, previous -> HistoryEntry.ofPut(row.key().orElseThrow(), previous, origin)));
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return webKeyIndex.addressOf(StoredKey.normalise(domain), hashedLocalPart)
            .flatMap(address -> address.map(this::find).orElse(Mono.empty()));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, long version, ChangeOrigin origin) {
        KeyRow row = KeyRow.tombstone(address, version);
        return writeAndRecord(row, previous -> HistoryEntry.ofDelete(row.address(), version, previous, origin));
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return history.entries(StoredKey.normalise(address));
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return history.domainAddresses(domain, after, limit);
    }

    /**
     * Healthy when a Paxos read (what every write needs: a quorum of replicas) works; degraded when only a read at
     * the read level does, so keys are served but no publication can be applied.
     */
    @Override
    public Mono<StoreHealth> health() {
        return dao.readSerial(PROBE_ADDRESS)
            .map(ignored -> StoreHealth.healthy())
            .onErrorResume(serialFailure -> dao.read(PROBE_ADDRESS)
                .map(ignored -> StoreHealth.degraded("keys are served, but publications cannot reach their quorum ("
                    + serialFailure.getClass().getSimpleName() + ")"))
                .onErrorResume(readFailure -> Mono.just(StoreHealth.unhealthy("Cassandra cannot be read ("
                    + readFailure.getClass().getSimpleName() + ")"))));
    }

    @Override
    public Mono<Long> latestVersion(String address) {
        return dao.read(StoredKey.normalise(address))
            .flatMap(row -> Mono.justOrEmpty(row.map(KeyRow::version)));
    }

    /** Closes the session if this store opened it; James' own session stays open. */
    @Override
    public void close() {
        ownedSession.ifPresent(CqlSession::close);
    }

    private Mono<WriteOutcome> writeAndRecord(KeyRow row, Function<Optional<StoredKey>, HistoryEntry> historyEntry) {
        return dao.read(row.address())
            .flatMap(previous -> write(row)
                .flatMap(outcome -> outcome == WriteOutcome.APPLIED
                    ? history.append(historyEntry.apply(previous.flatMap(KeyRow::key)))
                        .then(history.indexAddress(row.address(), row.version(), row.key().isPresent()))
                        .thenReturn(outcome)
                    : Mono.just(outcome)));
    }

    private Mono<WriteOutcome> write(KeyRow row) {
        return attempt(row)
            .onErrorResume(CassandraKeyStore::isUncertain, e -> {
                LOGGER.info("Write of version {} for {} has an unknown outcome ({}); settling it",
                    row.version(), row.address(), e.getClass().getSimpleName());
                return settle(row, SETTLE_ATTEMPTS);
            });
    }

    private Mono<WriteOutcome> attempt(KeyRow row) {
        return dao.insertIfAbsent(row)
            .flatMap(inserted -> inserted ? Mono.just(true) : dao.updateIfOlder(row))
            .map(applied -> applied ? WriteOutcome.APPLIED : WriteOutcome.SUPERSEDED);
    }

    private Mono<WriteOutcome> settle(KeyRow row, int attemptsLeft) {
        return dao.readSerial(row.address())
            .flatMap(current -> {
                if (current.isPresent() && current.get().equals(row)) {
                    return Mono.just(WriteOutcome.APPLIED);
                }
                if (current.isPresent() && current.get().version() >= row.version()) {
                    return Mono.just(WriteOutcome.SUPERSEDED);
                }
                return attempt(row);
            })
            .onErrorResume(e -> isUncertain(e) && attemptsLeft > 1,
                e -> Mono.delay(SETTLE_BACKOFF).then(Mono.defer(() -> settle(row, attemptsLeft - 1))));
    }

    /** Failures after which the write may or may not have been applied. */
    private static boolean isUncertain(Throwable e) {
        return e instanceof WriteTimeoutException
            || e instanceof CASWriteUnknownException
            || e instanceof ReadTimeoutException
            || e instanceof DriverTimeoutException;
    }
}
