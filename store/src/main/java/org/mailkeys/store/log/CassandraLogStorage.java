package org.mailkeys.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.mailkeys.transparency.LogBatch;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.PendingChange;
import org.mailkeys.transparency.TileId;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;

/**
 * The key log in Cassandra, shared by every James node of a cluster (in the key store's keyspace):
 *
 * <ul>
 *     <li>{@code mailkeys_log_batches}: the committed batches, one per old tree size, inserted with a lightweight
 *     transaction ({@code IF NOT EXISTS}): exactly one batch, so one checkpoint, for each tree size across nodes;</li>
 *     <li>{@code mailkeys_log_tiles}: tiles and entry bundles by path; a path's bytes follow from the batches, so
 *     any node writes the same bytes;</li>
 *     <li>{@code mailkeys_log_head}: the latest checkpoint, moved forward only ({@code IF size < ?});</li>
 *     <li>{@code mailkeys_log_index}, {@code mailkeys_log_pending}, {@code mailkeys_log_keys} (keys made once,
 *     {@code IF NOT EXISTS}, so every node signs and labels alike).</li>
 * </ul>
 * Reads and writes at QUORUM, transactions at SERIAL: a node killed mid-batch leaves a committed batch that the
 * next node finishes, or nothing.
 *
 * <p>The reads that serve answers (tiles, the index, the checkpoint) fall back to the store's read level (ONE in a
 * cluster) when Cassandra says that QUORUM or SERIAL cannot be met: with one replica down the log still proves what
 * it holds, as the key store still serves its keys (docs/PROTOCOL.md 12.7). What they return is safe to serve at
 * any level: a tile's and an index row's bytes never change once written, and a checkpoint read from one replica is
 * at worst an older signed one. Sequencing (batches, pending changes, the head's advance) never falls back.
 */
public final class CassandraLogStorage implements LogStorage {
    private static final String LOG = "log";
    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(1);
    private static final List<String> TABLES = List.of(
        "CREATE TABLE IF NOT EXISTS mailkeys_log_tiles (path text PRIMARY KEY, data blob)",
        "CREATE TABLE IF NOT EXISTS mailkeys_log_batches (log text, old_size bigint, batch_bytes blob,"
            + " PRIMARY KEY (log, old_size)) WITH CLUSTERING ORDER BY (old_size DESC)",
        "CREATE TABLE IF NOT EXISTS mailkeys_log_head (log text PRIMARY KEY, size bigint, note text)",
        "CREATE TABLE IF NOT EXISTS mailkeys_log_index (label blob, version bigint, entry_index bigint,"
            + " PRIMARY KEY (label, version))",
        "CREATE TABLE IF NOT EXISTS mailkeys_log_pending (log text, id text, address text, version bigint,"
            + " existing boolean, since bigint, PRIMARY KEY (log, id))",
        "CREATE TABLE IF NOT EXISTS mailkeys_log_keys (log text PRIMARY KEY, key_bytes blob)");

    private final CqlSession session;
    private final ConsistencyLevel degradedRead;
    private final PreparedStatement readTile;
    private final PreparedStatement writeTile;
    private final PreparedStatement commit;
    private final PreparedStatement lastBatch;
    private final PreparedStatement readHead;
    private final PreparedStatement createHead;
    private final PreparedStatement advanceHead;
    private final PreparedStatement writeIndex;
    private final PreparedStatement readIndex;
    private final PreparedStatement addPending;
    private final PreparedStatement readPending;
    private final PreparedStatement removePending;
    private final PreparedStatement readKeys;
    private final PreparedStatement createKeys;

    private CassandraLogStorage(CqlSession session, ConsistencyLevel degradedRead) {
        this.session = session;
        this.degradedRead = degradedRead;
        readTile = session.prepare("SELECT data FROM mailkeys_log_tiles WHERE path = ?");
        writeTile = session.prepare("INSERT INTO mailkeys_log_tiles (path, data) VALUES (?, ?)");
        commit = session.prepare("INSERT INTO mailkeys_log_batches (log, old_size, batch_bytes) VALUES (?, ?, ?)"
            + " IF NOT EXISTS");
        lastBatch = session.prepare("SELECT batch_bytes FROM mailkeys_log_batches WHERE log = ? LIMIT 1");
        readHead = session.prepare("SELECT size, note FROM mailkeys_log_head WHERE log = ?");
        createHead = session.prepare("INSERT INTO mailkeys_log_head (log, size, note) VALUES (?, ?, ?) IF NOT EXISTS");
        advanceHead = session.prepare("UPDATE mailkeys_log_head SET size = ?, note = ? WHERE log = ? IF size < ?");
        writeIndex = session.prepare("INSERT INTO mailkeys_log_index (label, version, entry_index) VALUES (?, ?, ?)");
        readIndex = session.prepare("SELECT entry_index FROM mailkeys_log_index WHERE label = ? AND version = ?");
        addPending = session.prepare("INSERT INTO mailkeys_log_pending (log, id, address, version, existing, since)"
            + " VALUES (?, ?, ?, ?, ?, ?)");
        readPending = session.prepare("SELECT address, version, existing, since FROM mailkeys_log_pending"
            + " WHERE log = ? LIMIT ?");
        removePending = session.prepare("DELETE FROM mailkeys_log_pending WHERE log = ? AND id = ?");
        readKeys = session.prepare("SELECT key_bytes FROM mailkeys_log_keys WHERE log = ?");
        createKeys = session.prepare("INSERT INTO mailkeys_log_keys (log, key_bytes) VALUES (?, ?) IF NOT EXISTS");
    }

    /** Creates the tables if missing (in the session's keyspace), then prepares the statements; no degraded reads. */
    public static CassandraLogStorage open(CqlSession session) {
        return open(session, ConsistencyLevel.QUORUM);
    }

    /**
     * As {@link #open(CqlSession)}, the reads that serve answers falling back to {@code degradedRead} (the key
     * store's read level) when QUORUM or SERIAL cannot be met.
     */
    public static CassandraLogStorage open(CqlSession session, ConsistencyLevel degradedRead) {
        for (String table : TABLES) {
            // a schema change waits for the cluster's agreement: far longer than a read
            session.execute(SimpleStatement.newInstance(table).setTimeout(SCHEMA_TIMEOUT));
        }
        return new CassandraLogStorage(session, degradedRead);
    }

    private ResultSet run(BoundStatement statement) throws IOException {
        return execute(statement.setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** A linearizable read: sees what a committed transaction wrote. */
    private ResultSet runSerial(BoundStatement statement) throws IOException {
        return execute(statement.setConsistencyLevel(ConsistencyLevel.SERIAL));
    }

    /** A read that serves answers: {@code strong}, or at the degraded level when too few replicas are up. */
    private ResultSet serve(BoundStatement statement, ConsistencyLevel strong) throws IOException {
        try {
            return session.execute(statement.setConsistencyLevel(strong));
        } catch (RuntimeException e) {
            if (degradedRead.equals(strong) || !tooFewReplicas(e)) {
                throw new IOException("Cassandra: " + e.getMessage(), e);
            }
            return execute(statement.setConsistencyLevel(degradedRead));
        }
    }

    /** Whether Cassandra refused the level itself (too few replicas up or answering), as the driver reports it. */
    private static boolean tooFewReplicas(RuntimeException e) {
        if (e instanceof UnavailableException || e instanceof ReadTimeoutException) {
            return true;
        }
        return e instanceof AllNodesFailedException && ((AllNodesFailedException) e).getAllErrors().values().stream()
            .flatMap(List::stream)
            .allMatch(error -> error instanceof UnavailableException || error instanceof ReadTimeoutException);
    }

    private ResultSet execute(BoundStatement statement) throws IOException {
        try {
            return session.execute(statement.setSerialConsistencyLevel(ConsistencyLevel.SERIAL));
        } catch (RuntimeException e) {
            throw new IOException("Cassandra: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(TileId tile) throws IOException {
        return Optional.ofNullable(serve(readTile.bind(tile.path()), ConsistencyLevel.QUORUM).one())
            .map(row -> bytes(row.getByteBuffer(0)));
    }

    @Override
    public void writeTile(TileId tile, byte[] bytes) throws IOException {
        run(writeTile.bind(tile.path(), ByteBuffer.wrap(bytes)));
    }

    @Override
    public boolean commit(LogBatch batch) throws IOException {
        return run(commit.bind(LOG, batch.oldSize(), ByteBuffer.wrap(batch.encode()))).wasApplied();
    }

    @Override
    public Optional<LogBatch> lastBatch() throws IOException {
        // SERIAL: sees a batch whose transaction committed, even if its QUORUM write is still under way
        Row row = runSerial(lastBatch.bind(LOG)).one();
        return row == null ? Optional.empty() : Optional.of(LogBatch.decode(bytes(row.getByteBuffer(0))));
    }

    @Override
    public Optional<String> checkpoint() throws IOException {
        return Optional.ofNullable(serve(readHead.bind(LOG), ConsistencyLevel.SERIAL).one())
            .map(row -> row.getString(1));
    }

    @Override
    public void advanceCheckpoint(long size, String note) throws IOException {
        if (!run(createHead.bind(LOG, size, note)).wasApplied()) {
            run(advanceHead.bind(size, note, LOG, size));
        }
    }

    @Override
    public void index(byte[] label, long version, long entryIndex) throws IOException {
        run(writeIndex.bind(ByteBuffer.wrap(label), version, entryIndex));
    }

    @Override
    public OptionalLong indexOf(byte[] label, long version) throws IOException {
        Row row = serve(readIndex.bind(ByteBuffer.wrap(label), version), ConsistencyLevel.QUORUM).one();
        return row == null ? OptionalLong.empty() : OptionalLong.of(row.getLong(0));
    }

    @Override
    public void addPending(PendingChange change) throws IOException {
        run(addPending.bind(LOG, change.id(), change.address(), change.version(), change.existingKey(),
            change.since().toEpochMilli()));
    }

    @Override
    public List<PendingChange> pending(int limit) throws IOException {
        List<PendingChange> changes = new ArrayList<>();
        for (Row row : run(readPending.bind(LOG, limit))) {
            changes.add(new PendingChange(row.getString(0), row.getLong(1), row.getBoolean(2),
                java.time.Instant.ofEpochMilli(row.getLong(3))));
        }
        changes.sort(Comparator.comparing(PendingChange::since));
        return changes;
    }

    @Override
    public void removePending(PendingChange change) throws IOException {
        run(removePending.bind(LOG, change.id()));
    }

    @Override
    public Optional<LogKeys> keys() throws IOException {
        Row row = runSerial(readKeys.bind(LOG)).one();
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(LogKeys.decode(bytes(row.getByteBuffer(0))).orElseThrow(
            () -> new IOException("The key log's keys row is damaged")));
    }

    @Override
    public LogKeys keysOrCreate(LogKeys candidate) throws IOException {
        run(createKeys.bind(LOG, ByteBuffer.wrap(candidate.encode())));
        return keys().orElseThrow(() -> new IOException("The key log's keys are missing after their creation"));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
