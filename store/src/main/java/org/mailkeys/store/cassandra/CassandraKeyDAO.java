package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.mailkeys.store.cassandra.CassandraKeyTable.ADDRESS;
import static org.mailkeys.store.cassandra.CassandraKeyTable.FINGERPRINT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.KEY_BYTES;
import static org.mailkeys.store.cassandra.CassandraKeyTable.PUBLISHED_AT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.TABLE_NAME;
import static org.mailkeys.store.cassandra.CassandraKeyTable.VERSION;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.apache.james.backends.cassandra.utils.CassandraAsyncExecutor;
import org.mailkeys.store.StoredKey;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Mono;

/**
 * Statements on {@link CassandraKeyTable}, prepared once. Every write is a lightweight transaction (Paxos), so that
 * the version check and the write are one atomic step for the whole cluster.
 */
class CassandraKeyDAO implements KeyRows {
    private final CassandraAsyncExecutor executor;
    private final CassandraKeyStoreConfiguration configuration;
    private final PreparedStatement select;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement updateIfOlder;

    CassandraKeyDAO(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        this.executor = new CassandraAsyncExecutor(session);
        this.configuration = configuration;
        this.select = session.prepare(selectFrom(TABLE_NAME)
            .columns(VERSION, KEY_BYTES, FINGERPRINT, PUBLISHED_AT)
            .whereColumn(ADDRESS).isEqualTo(bindMarker(ADDRESS))
            .build());
        this.insertIfAbsent = session.prepare(insertInto(TABLE_NAME)
            .value(ADDRESS, bindMarker(ADDRESS))
            .value(VERSION, bindMarker(VERSION))
            .value(KEY_BYTES, bindMarker(KEY_BYTES))
            .value(FINGERPRINT, bindMarker(FINGERPRINT))
            .value(PUBLISHED_AT, bindMarker(PUBLISHED_AT))
            .ifNotExists()
            .build());
        this.updateIfOlder = session.prepare(update(TABLE_NAME)
            .setColumn(VERSION, bindMarker(VERSION))
            .setColumn(KEY_BYTES, bindMarker(KEY_BYTES))
            .setColumn(FINGERPRINT, bindMarker(FINGERPRINT))
            .setColumn(PUBLISHED_AT, bindMarker(PUBLISHED_AT))
            .whereColumn(ADDRESS).isEqualTo(bindMarker(ADDRESS))
            .ifColumn(VERSION).isLessThan(bindMarker("condition_version"))
            .build());
    }

    /** The row at the configured read consistency. */
    @Override
    public Mono<Optional<KeyRow>> read(String address) {
        return read(address, configuration.readConsistency());
    }

    /**
     * The row by a Paxos read, which first completes any write whose Paxos round is still open: after an uncertain
     * write, this tells for sure whether it was applied.
     */
    @Override
    public Mono<Optional<KeyRow>> readSerial(String address) {
        return read(address, configuration.serialConsistency());
    }

    /** Writes the row if the address has none; true when applied. */
    @Override
    public Mono<Boolean> insertIfAbsent(KeyRow row) {
        return executor.executeReturnApplied(lightweightTransaction(bindColumns(insertIfAbsent.bind(), row)));
    }

    /** Replaces the row if the stored version is older; true when applied. */
    @Override
    public Mono<Boolean> updateIfOlder(KeyRow row) {
        return executor.executeReturnApplied(lightweightTransaction(bindColumns(updateIfOlder.bind(), row)
            .setLong("condition_version", row.version())));
    }

    private Mono<Optional<KeyRow>> read(String address, ConsistencyLevel consistency) {
        return executor.executeSingleRowOptional(select.bind()
                .setString(ADDRESS, address)
                .setConsistencyLevel(consistency))
            .map(row -> row.map(found -> toKeyRow(address, found)));
    }

    private BoundStatement lightweightTransaction(BoundStatement statement) {
        // Paxos rounds at the serial consistency, the commit at the write consistency.
        return statement
            .setSerialConsistencyLevel(configuration.serialConsistency())
            .setConsistencyLevel(configuration.writeConsistency());
    }

    private static BoundStatement bindColumns(BoundStatement statement, KeyRow row) {
        BoundStatement bound = statement
            .setString(ADDRESS, row.address())
            .setLong(VERSION, row.version());
        if (row.key().isPresent()) {
            StoredKey key = row.key().get();
            return bound
                .setByteBuffer(KEY_BYTES, ByteBuffer.wrap(key.keyBytes()))
                .setString(FINGERPRINT, key.fingerprint())
                .setInstant(PUBLISHED_AT, key.publishedAt());
        }
        // A tombstone clears the key and its metadata in the same write that raises the version.
        return bound
            .setToNull(KEY_BYTES)
            .setToNull(FINGERPRINT)
            .setToNull(PUBLISHED_AT);
    }

    private static KeyRow toKeyRow(String address, Row row) {
        long version = row.getLong(VERSION);
        ByteBuffer keyBytes = row.getByteBuffer(KEY_BYTES);
        if (keyBytes == null) {
            return KeyRow.tombstone(address, version);
        }
        byte[] bytes = new byte[keyBytes.remaining()];
        keyBytes.get(bytes);
        return KeyRow.of(new StoredKey(address, bytes, row.getString(FINGERPRINT), row.getInstant(PUBLISHED_AT),
            version));
    }
}
