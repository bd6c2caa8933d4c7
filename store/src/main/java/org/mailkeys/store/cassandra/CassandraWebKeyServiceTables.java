package org.mailkeys.store.cassandra;

/** The tables of {@link CassandraWebKeyServiceStore}: the submission keys and the pending submissions. */
interface CassandraWebKeyServiceTables {
    String SUBMISSION_KEYS = "mailkeys_wks_submission_keys";
    String DOMAIN = "domain";
    String SECRET_KEY_RING = "secret_key_ring";

    String PENDING = "mailkeys_wks_pending";
    String ACCOUNT = "account";
    String NONCE = "nonce";
    String SUBMISSION = "submission";
}
