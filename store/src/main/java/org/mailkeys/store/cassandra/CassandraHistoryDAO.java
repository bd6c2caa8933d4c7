package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.apache.james.backends.cassandra.utils.CassandraAsyncExecutor;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.MailAddressIdentity;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Statements on {@link CassandraHistoryTable} and {@link CassandraDomainTable}, prepared once. */
class CassandraHistoryDAO implements HistoryRows {
    private final CassandraAsyncExecutor executor;
    private final CassandraKeyStoreConfiguration configuration;
    private final PreparedStatement insertEntry;
    private final PreparedStatement selectEntries;
    private final PreparedStatement insertDomainAddress;
    private final PreparedStatement deleteDomainAddress;
    private final PreparedStatement selectDomainAddresses;

    CassandraHistoryDAO(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        this.executor = new CassandraAsyncExecutor(session);
        this.configuration = configuration;
        this.insertEntry = session.prepare(insertInto(CassandraHistoryTable.TABLE_NAME)
            .value(CassandraHistoryTable.ADDRESS, bindMarker(CassandraHistoryTable.ADDRESS))
            .value(CassandraHistoryTable.VERSION, bindMarker(CassandraHistoryTable.VERSION))
            .value(CassandraHistoryTable.CHANGE, bindMarker(CassandraHistoryTable.CHANGE))
            .value(CassandraHistoryTable.OLD_FINGERPRINT, bindMarker(CassandraHistoryTable.OLD_FINGERPRINT))
            .value(CassandraHistoryTable.NEW_FINGERPRINT, bindMarker(CassandraHistoryTable.NEW_FINGERPRINT))
            .value(CassandraHistoryTable.NEW_KEY_SHA256, bindMarker(CassandraHistoryTable.NEW_KEY_SHA256))
            .value(CassandraHistoryTable.AT, bindMarker(CassandraHistoryTable.AT))
            .value(CassandraHistoryTable.ACTOR_KIND, bindMarker(CassandraHistoryTable.ACTOR_KIND))
            .value(CassandraHistoryTable.ACTOR, bindMarker(CassandraHistoryTable.ACTOR))
            .value(CassandraHistoryTable.NODE, bindMarker(CassandraHistoryTable.NODE))
            .value(CassandraHistoryTable.REASON, bindMarker(CassandraHistoryTable.REASON))
            .build());
        this.selectEntries = session.prepare(selectFrom(CassandraHistoryTable.TABLE_NAME).all()
            .whereColumn(CassandraHistoryTable.ADDRESS).isEqualTo(bindMarker(CassandraHistoryTable.ADDRESS))
            .build());
        this.insertDomainAddress = session.prepare(insertInto(CassandraDomainTable.TABLE_NAME)
            .value(CassandraDomainTable.DOMAIN, bindMarker(CassandraDomainTable.DOMAIN))
            .value(CassandraDomainTable.ADDRESS, bindMarker(CassandraDomainTable.ADDRESS))
            .usingTimestamp(bindMarker("write_version"))
            .build());
        this.deleteDomainAddress = session.prepare(deleteFrom(CassandraDomainTable.TABLE_NAME)
            .usingTimestamp(bindMarker("write_version"))
            .whereColumn(CassandraDomainTable.DOMAIN).isEqualTo(bindMarker(CassandraDomainTable.DOMAIN))
            .whereColumn(CassandraDomainTable.ADDRESS).isEqualTo(bindMarker(CassandraDomainTable.ADDRESS))
            .build());
        this.selectDomainAddresses = session.prepare(selectFrom(CassandraDomainTable.TABLE_NAME)
            .column(CassandraDomainTable.ADDRESS)
            .whereColumn(CassandraDomainTable.DOMAIN).isEqualTo(bindMarker(CassandraDomainTable.DOMAIN))
            .whereColumn(CassandraDomainTable.ADDRESS).isGreaterThan(bindMarker(CassandraDomainTable.ADDRESS))
            .limit(bindMarker("page_size"))
            .build());
    }

    /** Inserts the entry; writing it again (a retry, a repair) writes the same row. */
    @Override
    public Mono<Void> append(HistoryEntry entry) {
        return executor.executeVoid(insertEntry.bind()
            .setString(CassandraHistoryTable.ADDRESS, entry.address())
            .setLong(CassandraHistoryTable.VERSION, entry.version())
            .setInt(CassandraHistoryTable.CHANGE, entry.change().code())
            .setString(CassandraHistoryTable.OLD_FINGERPRINT, entry.oldFingerprint().orElse(null))
            .setString(CassandraHistoryTable.NEW_FINGERPRINT, entry.newFingerprint().orElse(null))
            .setByteBuffer(CassandraHistoryTable.NEW_KEY_SHA256, entry.newKeyDigest().map(ByteBuffer::wrap).orElse(null))
            .setInstant(CassandraHistoryTable.AT, entry.at())
            .setString(CassandraHistoryTable.ACTOR_KIND, entry.actorKind().name())
            .setString(CassandraHistoryTable.ACTOR, entry.actor())
            .setString(CassandraHistoryTable.NODE, entry.node())
            .setString(CassandraHistoryTable.REASON, entry.reason().orElse(null))
            .setConsistencyLevel(configuration.writeConsistency()));
    }

    /** Oldest first: the table is ordered by version. */
    @Override
    public Flux<HistoryEntry> entries(String address) {
        return executor.executeRows(selectEntries.bind()
                .setString(CassandraHistoryTable.ADDRESS, address)
                .setConsistencyLevel(configuration.readConsistency()))
            .map(CassandraHistoryDAO::toEntry);
    }

    /** Records whether the address has a key after the write of this version (the version is the timestamp). */
    @Override
    public Mono<Void> indexAddress(String address, long version, boolean hasKey) {
        String domain = MailAddressIdentity.domainOf(address);
        PreparedStatement statement = hasKey ? insertDomainAddress : deleteDomainAddress;
        return executor.executeVoid(statement.bind()
            .setString(CassandraDomainTable.DOMAIN, domain)
            .setString(CassandraDomainTable.ADDRESS, address)
            .setLong("write_version", version)
            .setConsistencyLevel(configuration.writeConsistency()));
    }

    @Override
    public Flux<String> domainAddresses(String domain, Optional<String> after, int limit) {
        return executor.executeRows(selectDomainAddresses.bind()
                .setString(CassandraDomainTable.DOMAIN, domain)
                .setString(CassandraDomainTable.ADDRESS, after.orElse(""))
                .setInt("page_size", limit)
                .setConsistencyLevel(configuration.readConsistency()))
            .map(row -> row.getString(CassandraDomainTable.ADDRESS));
    }

    private static HistoryEntry toEntry(Row row) {
        ByteBuffer digest = row.getByteBuffer(CassandraHistoryTable.NEW_KEY_SHA256);
        Optional<byte[]> digestBytes = Optional.ofNullable(digest).map(buffer -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        });
        return new HistoryEntry(row.getString(CassandraHistoryTable.ADDRESS),
            row.getLong(CassandraHistoryTable.VERSION),
            HistoryEntry.Change.of(row.getInt(CassandraHistoryTable.CHANGE)),
            Optional.ofNullable(row.getString(CassandraHistoryTable.OLD_FINGERPRINT)),
            Optional.ofNullable(row.getString(CassandraHistoryTable.NEW_FINGERPRINT)),
            digestBytes,
            ChangeOrigin.read(ChangeOrigin.ActorKind.valueOf(row.getString(CassandraHistoryTable.ACTOR_KIND)),
                row.getString(CassandraHistoryTable.ACTOR),
                row.getString(CassandraHistoryTable.NODE),
                Optional.ofNullable(row.getString(CassandraHistoryTable.REASON)),
                row.getInstant(CassandraHistoryTable.AT)));
    }
}
