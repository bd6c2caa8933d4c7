package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.mailkeys.store.cassandra.CassandraKeyTable.ADDRESS;
import static org.mailkeys.store.cassandra.CassandraKeyTable.FINGERPRINT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.HISTORY_ENTRY;
import static org.mailkeys.store.cassandra.CassandraKeyTable.KEY_BYTES;
import static org.mailkeys.store.cassandra.CassandraKeyTable.OPERATOR_FENCE;
import static org.mailkeys.store.cassandra.CassandraKeyTable.PUBLISHED_AT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.REQUEST_ID;
import static org.mailkeys.store.cassandra.CassandraKeyTable.TABLE_NAME;
import static org.mailkeys.store.cassandra.CassandraKeyTable.VERSION;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.apache.james.backends.cassandra.utils.CassandraAsyncExecutor;
import org.mailkeys.store.KeyRecord;
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
    private final PreparedStatement replaceIfVersion;

    CassandraKeyDAO(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        this.executor = new CassandraAsyncExecutor(session);
        this.configuration = configuration;
        this.select = session.prepare(selectFrom(TABLE_NAME)
            .columns(VERSION, KEY_BYTES, FINGERPRINT, PUBLISHED_AT, REQUEST_ID, OPERATOR_FENCE, HISTORY_ENTRY)
            .whereColumn(ADDRESS).isEqualTo(bindMarker(ADDRESS))
            .build());
        this.insertIfAbsent = session.prepare(insertInto(TABLE_NAME)
            .value(ADDRESS, bindMarker(ADDRESS))
            .value(VERSION, bindMarker(VERSION))
            .value(KEY_BYTES, bindMarker(KEY_BYTES))
            .value(FINGERPRINT, bindMarker(FINGERPRINT))
            .value(PUBLISHED_AT, bindMarker(PUBLISHED_AT))
            .value(REQUEST_ID, bindMarker(REQUEST_ID))
            .value(OPERATOR_FENCE, bindMarker(OPERATOR_FENCE))
            .value(HISTORY_ENTRY, bindMarker(HISTORY_ENTRY))
            .ifNotExists()
            .build());
        this.replaceIfVersion = session.prepare(update(TABLE_NAME)
            .setColumn(VERSION, bindMarker(VERSION))
            .setColumn(KEY_BYTES, bindMarker(KEY_BYTES))
            .setColumn(FINGERPRINT, bindMarker(FINGERPRINT))
            .setColumn(PUBLISHED_AT, bindMarker(PUBLISHED_AT))
            .setColumn(REQUEST_ID, bindMarker(REQUEST_ID))
            .setColumn(OPERATOR_FENCE, bindMarker(OPERATOR_FENCE))
            .setColumn(HISTORY_ENTRY, bindMarker(HISTORY_ENTRY))
            .whereColumn(ADDRESS).isEqualTo(bindMarker(ADDRESS))
            .ifColumn(VERSION).isEqualTo(bindMarker("expected_version"))
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

    /** Replaces the row if it is still the one read (compare and set on its version); true when applied. */
    @Override
    public Mono<Boolean> replaceIfVersion(KeyRow row, long expectedVersion) {
        return executor.executeReturnApplied(lightweightTransaction(bindColumns(replaceIfVersion.bind(), row)
            .setLong("expected_version", expectedVersion)));
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
        KeyRecord record = row.record();
        BoundStatement bound = statement
            .setString(ADDRESS, record.address())
            .setLong(VERSION, record.version())
            .setString(REQUEST_ID, record.requestId().orElse(null))
            .setLong(OPERATOR_FENCE, record.fence())
            .setByteBuffer(HISTORY_ENTRY, row.historyEntry().map(ByteBuffer::wrap).orElse(null));
        if (record.key().isPresent()) {
            StoredKey key = record.key().get();
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
        Optional<String> requestId = Optional.ofNullable(row.getString(REQUEST_ID));
        long fence = row.isNull(OPERATOR_FENCE) ? 0 : row.getLong(OPERATOR_FENCE);
        Optional<byte[]> historyEntry = Optional.ofNullable(row.getByteBuffer(HISTORY_ENTRY)).map(KeyRowBytes::of);
        ByteBuffer keyBytes = row.getByteBuffer(KEY_BYTES);
        Optional<StoredKey> key = keyBytes == null ? Optional.empty()
            : Optional.of(new StoredKey(address, KeyRowBytes.of(keyBytes), row.getString(FINGERPRINT),
                row.getInstant(PUBLISHED_AT), version));
        return KeyRow.read(KeyRecord.read(address, version, key, requestId, fence), historyEntry);
    }

    /** The bytes of a blob column. */
    private static final class KeyRowBytes {
        private KeyRowBytes() {
        }

        static byte[] of(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
    }
}
