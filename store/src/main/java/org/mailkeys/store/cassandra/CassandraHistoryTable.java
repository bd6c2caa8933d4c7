package org.mailkeys.store.cassandra;

/**
 * The key history: one row per applied change, partitioned by address and ordered by version. Rows are inserted
 * once and never updated nor deleted.
 */
public interface CassandraHistoryTable {
    String TABLE_NAME = "mailkeys_key_history";

    String ADDRESS = "address";
    String VERSION = "version";
    /** 1 published, 2 replaced, 3 deleted (the codes of the entry's canonical form). */
    String CHANGE = "change";
    String OLD_FINGERPRINT = "old_fingerprint";
    String NEW_FINGERPRINT = "new_fingerprint";
    String NEW_KEY_SHA256 = "new_key_sha256";
    String AT = "at";
    String ACTOR_KIND = "actor_kind";
    String ACTOR = "actor";
    String NODE = "node";
    String REASON = "reason";
}
