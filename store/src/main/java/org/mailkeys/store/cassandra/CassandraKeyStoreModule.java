package org.mailkeys.store.cassandra;

import static com.datastax.oss.driver.api.core.type.DataTypes.BIGINT;
import static com.datastax.oss.driver.api.core.type.DataTypes.BLOB;
import static com.datastax.oss.driver.api.core.type.DataTypes.TEXT;
import static com.datastax.oss.driver.api.core.type.DataTypes.TIMESTAMP;
import static org.mailkeys.store.cassandra.CassandraKeyTable.ADDRESS;
import static org.mailkeys.store.cassandra.CassandraKeyTable.FINGERPRINT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.KEY_BYTES;
import static org.mailkeys.store.cassandra.CassandraKeyTable.PUBLISHED_AT;
import static org.mailkeys.store.cassandra.CassandraKeyTable.TABLE_NAME;
import static org.mailkeys.store.cassandra.CassandraKeyTable.VERSION;

import org.apache.james.backends.cassandra.components.CassandraModule;

/** The schema of {@link CassandraKeyStore} (keys and WKD index), for James' {@code CassandraTableManager}. */
public interface CassandraKeyStoreModule {
    CassandraModule MODULE = CassandraModule.builder()
        .table(TABLE_NAME)
        .comment("MailKeys: the OpenPGP key published for each mail address, or a tombstone once deleted.")
        .statement(statement -> types -> statement
            .withPartitionKey(ADDRESS, TEXT)
            .withColumn(VERSION, BIGINT)
            .withColumn(KEY_BYTES, BLOB)
            .withColumn(FINGERPRINT, TEXT)
            .withColumn(PUBLISHED_AT, TIMESTAMP))
        .table(CassandraWebKeyIndexTable.TABLE_NAME)
        .comment("MailKeys: the address of each domain and Web Key Directory hash, for WKD requests without ?l=.")
        .statement(statement -> types -> statement
            .withPartitionKey(CassandraWebKeyIndexTable.DOMAIN, TEXT)
            .withPartitionKey(CassandraWebKeyIndexTable.HASHED_LOCAL_PART, TEXT)
            .withColumn(CassandraWebKeyIndexTable.ADDRESS, TEXT))
        .build();
}
