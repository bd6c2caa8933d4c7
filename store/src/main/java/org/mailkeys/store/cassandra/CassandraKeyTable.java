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
    /** The request that wrote the row: a write counts as applied only when its own request id is stored. */
    String REQUEST_ID = "request_id";
    /** The version of the latest operator deletion of the address (org.mailkeys.store.WriteDecision). */
    String OPERATOR_FENCE = "operator_fence";
    /** The canonical bytes of the row's history entry, recorded again by a retry if the first attempt failed. */
    String HISTORY_ENTRY = "history_entry";
}
