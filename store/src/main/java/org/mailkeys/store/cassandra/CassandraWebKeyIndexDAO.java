package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.mailkeys.store.cassandra.CassandraWebKeyIndexTable.ADDRESS;
import static org.mailkeys.store.cassandra.CassandraWebKeyIndexTable.DOMAIN;
import static org.mailkeys.store.cassandra.CassandraWebKeyIndexTable.HASHED_LOCAL_PART;
import static org.mailkeys.store.cassandra.CassandraWebKeyIndexTable.TABLE_NAME;

import java.util.Optional;

import org.apache.james.backends.cassandra.utils.CassandraAsyncExecutor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/**
 * Statements on {@link CassandraWebKeyIndexTable}, prepared once. Plain writes are enough: a row is written with
 * the same value every time, so concurrent writers cannot disagree.
 */
class CassandraWebKeyIndexDAO implements WebKeyIndex {
    private final CassandraAsyncExecutor executor;
    private final CassandraKeyStoreConfiguration configuration;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    CassandraWebKeyIndexDAO(CqlSession session, CassandraKeyStoreConfiguration configuration) {
        this.executor = new CassandraAsyncExecutor(session);
        this.configuration = configuration;
        this.insert = session.prepare(insertInto(TABLE_NAME)
            .value(DOMAIN, bindMarker(DOMAIN))
            .value(HASHED_LOCAL_PART, bindMarker(HASHED_LOCAL_PART))
            .value(ADDRESS, bindMarker(ADDRESS))
            .build());
        this.select = session.prepare(selectFrom(TABLE_NAME)
            .column(ADDRESS)
            .whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN))
            .whereColumn(HASHED_LOCAL_PART).isEqualTo(bindMarker(HASHED_LOCAL_PART))
            .build());
    }

    @Override
    public Mono<Void> add(String domain, String hashedLocalPart, String address) {
        return executor.executeVoid(insert.bind()
            .setString(DOMAIN, domain)
            .setString(HASHED_LOCAL_PART, hashedLocalPart)
            .setString(ADDRESS, address)
            .setConsistencyLevel(configuration.writeConsistency()));
    }

    @Override
    public Mono<Optional<String>> addressOf(String domain, String hashedLocalPart) {
        return executor.executeSingleRowOptional(select.bind()
                .setString(DOMAIN, domain)
                .setString(HASHED_LOCAL_PART, hashedLocalPart)
                .setConsistencyLevel(configuration.readConsistency()))
            .map(row -> row.map(found -> found.getString(ADDRESS)));
    }
}
