package org.mailkeys.store.cassandra;

/** The table of published keys: one row per lower-cased address, never deleted (a deletion is a tombstone row). */
public interface CassandraKeyTable {
    String TABLE_NAME = "mailkeys_keys";

    String ADDRESS = "address";
    /** The version of the last write, key or deletion; the LWT conditions compare it. */
    String VERSION = "version";
    /** Null in a tombstone row. */
    String KEY_BYTES = "key_bytes";
    String FINGERPRINT = "fingerprint";
    String PUBLISHED_AT = "published_at";
}
