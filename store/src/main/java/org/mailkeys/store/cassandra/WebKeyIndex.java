package org.mailkeys.store.cassandra;

import java.util.Optional;

import reactor.core.publisher.Mono;

/** The index {@link CassandraKeyStore} keeps by domain and WKD hash; {@link CassandraWebKeyIndexDAO} on Cassandra. */
interface WebKeyIndex {
    /** Records the address under its domain and hash; writing it again changes nothing. */
    Mono<Void> add(String domain, String hashedLocalPart, String address);

    Mono<Optional<String>> addressOf(String domain, String hashedLocalPart);
}
