package org.mailkeys.store.cassandra;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.KeyWrite;
import org.mailkeys.store.MailAddressIdentity;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.store.WriteDecision;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
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
 * deleted; rows are never removed, so a deletion keeps its version. The row also names the request that wrote it,
 * the operator fence and the history entry of its write. Every write is a compare-and-set by lightweight
 * transaction on the row as just read by a Paxos read: {@code INSERT ... IF NOT EXISTS} for an address never seen,
 * otherwise {@code UPDATE ... IF version = <the version read>}. Why this is safe with concurrent writers on any
 * number of nodes:
 * <ul>
 *     <li>Never a mix: one write sets every column of one row, in one partition. Cassandra applies a
 *     single-partition mutation atomically and in isolation, so a reader gets all columns of one write.</li>
 *     <li>One decision on one state: {@link WriteDecision} judges the write against the row read at the serial
 *     level (never a stale read at ONE), and the write takes effect only if the row is still that one. If another
 *     write came in between, the row is read again and the write judged again.</li>
 *     <li>Applied means this request's write: a write is reported {@link WriteOutcome#APPLIED} only when the row
 *     holds its request id, never because a write of an equal version is stored.</li>
 * </ul>
 * Only lightweight transactions write this table: mixing them with plain writes would break these guarantees.
 *
 * <p>An applied write is then recorded in the history table and the domain table ({@link CassandraHistoryTable},
 * {@link CassandraDomainTable}) before it is reported applied. Both writes are idempotent (the history row is keyed
 * by address and version and holds the entry kept in the key row; the domain row is written with the version as its
 * timestamp), so they are simply written again: by a retry of the same request, which finds its own row and reports
 * it applied only once they succeed, and by every later write or {@link #completeInterruptedWrite} of the address,
 * which first records the row it finds.
 *
 * <p>A Paxos round can time out with its outcome unknown (contention, a slow replica). The store then reads at the
 * serial level again, which completes any open round, and decides from what it finds.
 */
public final class CassandraKeyStore implements KeyStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraKeyStore.class);
    /** Compare-and-sets one write may lose to other writes of its address before it gives up. */
    private static final int LOST_RACES = 64;
    /** Unknown outcomes one write settles before it reports the failure. */
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
            .flatMap(row -> Mono.justOrEmpty(row.flatMap(found -> found.record().key())));
    }

    /** The index row first: a key that can be found by address can always be found by its WKD hash too. */
    @Override
    public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        KeyWrite write = KeyWrite.put(key, ticket, origin);
        String address = write.address();
        return webKeyIndex.add(MailAddressIdentity.domainOf(address), WebKeyHash.ofAddress(address), address)
            .then(write(write, new Attempts(LOST_RACES, SETTLE_ATTEMPTS)));
    }

    @Override
    public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
        return webKeyIndex.addressOf(MailAddressIdentity.domain(domain), hashedLocalPart)
            .flatMap(address -> address.map(this::find).orElse(Mono.empty()));
    }

    @Override
    public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return write(KeyWrite.delete(address, ticket, origin), new Attempts(LOST_RACES, SETTLE_ATTEMPTS));
    }

    @Override
    public Mono<Void> completeInterruptedWrite(String address) {
        return dao.readSerial(StoredKey.normalise(address)).flatMap(this::record);
    }

    @Override
    public Flux<HistoryEntry> history(String address) {
        return history.entries(StoredKey.normalise(address));
    }

    @Override
    public Flux<String> addresses(String domain, Optional<String> after, int limit) {
        return history.domainAddresses(MailAddressIdentity.domain(domain), after, limit);
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

    /**
     * Reads the row at the serial level, records it (it may be a write whose recording failed), judges the write
     * against it, and writes by compare-and-set; a lost compare-and-set or an unknown outcome reads and judges
     * again.
     */
    private Mono<WriteOutcome> write(KeyWrite write, Attempts attempts) {
        return dao.readSerial(write.address())
            .flatMap(current -> record(current)
                .then(Mono.defer(() -> decideAndWrite(write, current, attempts))))
            .onErrorResume(e -> isUncertain(e) && attempts.uncertain > 1, e -> {
                LOGGER.info("Write of version {} for {} has an unknown outcome ({}); settling it",
                    write.ticket().version(), write.address(), e.getClass().getSimpleName());
                return Mono.delay(SETTLE_BACKOFF).then(Mono.defer(() -> write(write, attempts.afterUncertain())));
            });
    }

    private Mono<WriteOutcome> decideAndWrite(KeyWrite write, Optional<KeyRow> currentRow, Attempts attempts) {
        Optional<KeyRecord> current = currentRow.map(KeyRow::record);
        WriteDecision.Verdict verdict = write.judge(current);
        if (verdict == WriteDecision.Verdict.ALREADY_APPLIED) {
            return Mono.just(WriteOutcome.APPLIED); // recorded just above
        }
        if (verdict == WriteDecision.Verdict.SUPERSEDED) {
            return Mono.just(WriteOutcome.SUPERSEDED);
        }
        KeyRow row = KeyRow.of(write.recordOver(current), write.historyEntryOver(current));
        Mono<Boolean> compareAndSet = current.isEmpty() ? dao.insertIfAbsent(row)
            : dao.replaceIfVersion(row, current.get().version());
        return compareAndSet
            .flatMap(applied -> {
                if (applied) {
                    return record(Optional.of(row)).thenReturn(WriteOutcome.APPLIED);
                }
                if (attempts.races <= 1) {
                    return Mono.error(new IllegalStateException("The row of " + write.address()
                        + " kept changing under the write of version " + write.ticket().version()));
                }
                return write(write, attempts.afterLostRace());
            });
    }

    /** What is left of one write's attempts. */
    private static final class Attempts {
        private final int races;
        private final int uncertain;

        private Attempts(int races, int uncertain) {
            this.races = races;
            this.uncertain = uncertain;
        }

        Attempts afterLostRace() {
            return new Attempts(races - 1, uncertain);
        }

        Attempts afterUncertain() {
            return new Attempts(races, uncertain - 1);
        }
    }

    /** Writes the history entry and the domain row of the row's write; idempotent. */
    private Mono<Void> record(Optional<KeyRow> row) {
        if (row.isEmpty() || row.get().historyEntry().isEmpty()) {
            return Mono.empty(); // nothing written yet, or a row whose write recorded its history before returning
        }
        KeyRow written = row.get();
        HistoryEntry entry;
        try {
            entry = HistoryEntry.fromCanonicalBytes(written.historyEntry().get());
        } catch (IOException e) {
            return Mono.error(new IllegalStateException("Damaged history entry in the key row of "
                + written.address(), e));
        }
        return history.append(entry)
            .then(history.indexAddress(written.address(), written.version(), written.record().key().isPresent()));
    }

    /** Failures after which the write may or may not have been applied. */
    private static boolean isUncertain(Throwable e) {
        return e instanceof WriteTimeoutException
            || e instanceof CASWriteUnknownException
            || e instanceof ReadTimeoutException
            || e instanceof DriverTimeoutException;
    }
}
