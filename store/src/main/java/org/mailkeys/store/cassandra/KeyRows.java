package org.mailkeys.store.cassandra;

import java.util.Optional;

import reactor.core.publisher.Mono;

/** The row operations {@link CassandraKeyStore} builds on; {@link CassandraKeyDAO} runs them on Cassandra. */
interface KeyRows {
    /** The row at the configured read consistency. */
    Mono<Optional<KeyRow>> read(String address);

    /** The row by a Paxos read, which first completes any write whose Paxos round is still open. */
    Mono<Optional<KeyRow>> readSerial(String address);

    /** Writes the row if the address has none; true when applied. */
    Mono<Boolean> insertIfAbsent(KeyRow row);

    /** Replaces the row if the stored version is still {@code expectedVersion}; true when applied. */
    Mono<Boolean> replaceIfVersion(KeyRow row, long expectedVersion);
}
