package org.mailkeys.store.cassandra;

/**
 * The Web Key Directory index: for each domain and hashed local part, the address whose key {@link CassandraKeyTable}
 * holds. Rows are only ever added: a hash names one lower-cased local part, so a row never has to change, and a
 * deleted key is found gone in the key table.
 */
public interface CassandraWebKeyIndexTable {
    String TABLE_NAME = "mailkeys_wkd_index";

    String DOMAIN = "domain";
    String HASHED_LOCAL_PART = "hashed_local_part";
    String ADDRESS = "address";
}
