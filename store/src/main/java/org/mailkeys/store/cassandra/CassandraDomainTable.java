package org.mailkeys.store.cassandra;

/**
 * The addresses of each domain that have a key, so that a domain's keys are listed from one partition instead of a
 * scan of the key table. Every write carries the key's version as its Cassandra timestamp ({@code USING TIMESTAMP}):
 * whatever order the writes of an address arrive in, the row ends as the newest version left it, present after a
 * publication, absent after a deletion.
 */
public interface CassandraDomainTable {
    String TABLE_NAME = "mailkeys_domain_keys";

    String DOMAIN = "domain";
    String ADDRESS = "address";
}
