package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.ACCOUNT;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.DOMAIN;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.NONCE;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.PENDING;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.SECRET_KEY_RING;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.SUBMISSION;
import static org.mailkeys.store.cassandra.CassandraWebKeyServiceTables.SUBMISSION_KEYS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.backends.cassandra.utils.CassandraAsyncExecutor;
import org.mailkeys.store.wks.PendingSubmission;
import org.mailkeys.store.wks.WebKeyServiceStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Web Key Service state in Cassandra, shared by every James node of a cluster: one row per domain's submission
 * key, written with a lightweight transaction ({@code IF NOT EXISTS}) so that two nodes that make one at once end up
 * with the same; one row per pending submission (partition: the account), written with a TTL of its lifetime, and
 * removed with {@code IF EXISTS}, so that one confirmation publishes once whichever node takes it.
 */
public final class CassandraWebKeyServiceStore implements WebKeyServiceStore {
    /** At most this many pending rows are read for one account, whatever is stored. */
    static final int MAX_PENDING_READ = 64;

    private final CassandraAsyncExecutor executor;
    private final CassandraKeyStoreConfiguration configuration;
    private final PreparedStatement insertKey;
    private final PreparedStatement selectKey;
    private final PreparedStatement insertPending;
    private final PreparedStatement selectPending;
    private final PreparedStatement deletePending;

    CassandraWebKeyServiceStore(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        this.executor = new CassandraAsyncExecutor(session);
        this.configuration = configuration;
        this.insertKey = session.prepare(insertInto(SUBMISSION_KEYS)
            .value(DOMAIN, bindMarker(DOMAIN))
            .value(SECRET_KEY_RING, bindMarker(SECRET_KEY_RING))
            .ifNotExists()
            .build());
        this.selectKey = session.prepare(selectFrom(SUBMISSION_KEYS)
            .column(SECRET_KEY_RING)
            .whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN))
            .build());
        this.insertPending = session.prepare(insertInto(PENDING)
            .value(ACCOUNT, bindMarker(ACCOUNT))
            .value(NONCE, bindMarker(NONCE))
            .value(SUBMISSION, bindMarker(SUBMISSION))
            .usingTtl(bindMarker("ttl"))
            .build());
        this.selectPending = session.prepare(selectFrom(PENDING)
            .column(SUBMISSION)
            .whereColumn(ACCOUNT).isEqualTo(bindMarker(ACCOUNT))
            .limit(MAX_PENDING_READ)
            .build());
        this.deletePending = session.prepare(deleteFrom(PENDING)
            .whereColumn(ACCOUNT).isEqualTo(bindMarker(ACCOUNT))
            .whereColumn(NONCE).isEqualTo(bindMarker(NONCE))
            .ifExists()
            .build());
    }

    @Override
    public Mono<byte[]> submissionKey(String domain) {
        return executor.executeSingleRow(selectKey.bind()
                .setString(DOMAIN, domain)
                .setConsistencyLevel(configuration.serialConsistency()))
            .map(row -> bytes(row.getByteBuffer(SECRET_KEY_RING)));
    }

    @Override
    public Mono<byte[]> submissionKeyIfAbsent(String domain, byte[] secretKeyRing) {
        return executor.executeReturnApplied(insertKey.bind()
                .setString(DOMAIN, domain)
                .setByteBuffer(SECRET_KEY_RING, ByteBuffer.wrap(secretKeyRing))
                .setSerialConsistencyLevel(configuration.serialConsistency())
                .setConsistencyLevel(configuration.writeConsistency()))
            .then(submissionKey(domain));
    }

    @Override
    public Mono<Boolean> addPending(PendingSubmission submission, int maxPerAccount, Instant now) {
        long ttl = Duration.between(now, submission.expiresAt()).getSeconds();
        if (ttl <= 0) {
            return Mono.just(false);
        }
        // rows expire by their TTL; expired ones still read are removed on the way, and the bound counts the live
        // ones (a race of two nodes may pass it by one each)
        return pending(submission.account()).collectList().flatMap(existing -> {
            long live = existing.stream().filter(pending -> !pending.expired(now)).count();
            Mono<Void> purge = Flux.fromIterable(existing)
                .filter(pending -> pending.expired(now))
                .flatMap(pending -> remove(pending.account(), pending.nonce()))
                .then();
            return purge.then(live >= maxPerAccount ? Mono.just(false)
                : executor.executeVoid(insertPending.bind()
                        .setString(ACCOUNT, submission.account())
                        .setString(NONCE, submission.nonce())
                        .setByteBuffer(SUBMISSION, ByteBuffer.wrap(submission.toBytes()))
                        .setInt("ttl", (int) Math.min(ttl, Integer.MAX_VALUE))
                        .setConsistencyLevel(configuration.writeConsistency()))
                    .thenReturn(true));
        });
    }

    @Override
    public Flux<PendingSubmission> pending(String account) {
        return executor.executeRows(selectPending.bind()
                .setString(ACCOUNT, account)
                .setConsistencyLevel(configuration.serialConsistency()))
            .flatMap(row -> Mono.justOrEmpty(read(row)));
    }

    @Override
    public Mono<Boolean> remove(String account, String nonce) {
        return executor.executeReturnApplied(deletePending.bind()
            .setString(ACCOUNT, account)
            .setString(NONCE, nonce)
            .setSerialConsistencyLevel(configuration.serialConsistency())
            .setConsistencyLevel(configuration.writeConsistency()));
    }

    private static PendingSubmission read(Row row) {
        try {
            return PendingSubmission.fromBytes(bytes(row.getByteBuffer(SUBMISSION)));
        } catch (IOException e) {
            return null; // a damaged row counts as gone
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
