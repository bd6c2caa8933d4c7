package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.core.type.DataTypes.BIGINT;
import static com.datastax.oss.driver.api.core.type.DataTypes.BLOB;
import static com.datastax.oss.driver.api.core.type.DataTypes.INT;
import static com.datastax.oss.driver.api.core.type.DataTypes.TEXT;
import static com.datastax.oss.driver.api.core.type.DataTypes.TIMESTAMP;
import static org.mailkeys.store.cassandra.CassandraKeyTable.ADDRESS;
import static org.mailkeys.store.cassandra.CassandraKeyTable.FINGERPRINT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.KEY_BYTES;
import static org.mailkeys.store.cassandra.CassandraKeyTable.PUBLISHED_AT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.TABLE_NAME;
import static org.mailkeys.store.cassandra.CassandraKeyTable.VERSION;

import org.apache.james.backends.cassandra.components.CassandraModule;

/** The schema of {@link CassandraKeyStore}, for James' {@code CassandraTableManager}. */
public interface CassandraKeyStoreModule {
    CassandraModule MODULE = CassandraModule.builder()
        .table(TABLE_NAME)
        .comment("MailKeys: the OpenPGP key published for each mail address, or a tombstone once deleted.")
        .statement(statement -> types -> statement
            .withPartitionKey(ADDRESS, TEXT)
            .withColumn(VERSION, BIGINT)
            .withColumn(KEY_BYTES, BLOB)
            .withColumn(FINGERPRINT, TEXT)
            .withColumn(PUBLISHED_AT, TIMESTAMP)
            .withColumn(CassandraKeyTable.REQUEST_ID, TEXT)
            .withColumn(CassandraKeyTable.OPERATOR_FENCE, BIGINT)
            .withColumn(CassandraKeyTable.HISTORY_ENTRY, BLOB))
        // clustering columns sort ascending: history oldest first, a domain's addresses in order
        .table(CassandraHistoryTable.TABLE_NAME)
        .comment("MailKeys: every applied publication, replacement and deletion of a key, never updated.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraHistoryTable.ADDRESS, TEXT)
            .withClusteringColumn(CassandraHistoryTable.VERSION, BIGINT)
            .withColumn(CassandraHistoryTable.CHANGE, INT)
            .withColumn(CassandraHistoryTable.OLD_FINGERPRINT, TEXT)
            .withColumn(CassandraHistoryTable.NEW_FINGERPRINT, TEXT)
            .withColumn(CassandraHistoryTable.NEW_KEY_SHA256, BLOB)
            .withColumn(CassandraHistoryTable.AT, TIMESTAMP)
            .withColumn(CassandraHistoryTable.ACTOR_KIND, TEXT)
            .withColumn(CassandraHistoryTable.ACTOR, TEXT)
            .withColumn(CassandraHistoryTable.NODE, TEXT)
            .withColumn(CassandraHistoryTable.REASON, TEXT))
        .table(CassandraDomainTable.TABLE_NAME)
        .comment("MailKeys: the addresses of each domain that have a key.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraDomainTable.DOMAIN, TEXT)
            .withClusteringColumn(CassandraDomainTable.ADDRESS, TEXT))
        .table(CassandraWebKeyIndexTable.TABLE_NAME)
        .comment("MailKeys: the address of each domain and Web Key Directory hash, for WKD requests without ?l=.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraWebKeyIndexTable.DOMAIN, TEXT)
            .withPartitionKey(CassandraWebKeyIndexTable.HASHED_LOCAL_PART, TEXT)
            .withColumn(CassandraWebKeyIndexTable.ADDRESS, TEXT))
        .table(CassandraWebKeyServiceTables.SUBMISSION_KEYS)
        .comment("MailKeys: the submission key pair (secret key ring) of the Web Key Service of each domain.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraWebKeyServiceTables.DOMAIN, TEXT)
            .withColumn(CassandraWebKeyServiceTables.SECRET_KEY_RING, BLOB))
        .table(CassandraWebKeyServiceTables.PENDING)
        .comment("MailKeys: Web Key Service submissions waiting for their confirmation, expiring by TTL.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraWebKeyServiceTables.ACCOUNT, TEXT)
            .withClusteringColumn(CassandraWebKeyServiceTables.NONCE, TEXT)
            .withColumn(CassandraWebKeyServiceTables.SUBMISSION, BLOB))
        .build();
}
