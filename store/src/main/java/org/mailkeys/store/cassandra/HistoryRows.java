package org.mailkeys.store.cassandra;

import java.util.Optional;

import org.mailkeys.store.HistoryEntry;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The history and domain rows {@link CassandraKeyStore} keeps beside the keys; {@link CassandraHistoryDAO} runs them. */
interface HistoryRows {
    /** Inserts the entry of an applied write. */
    Mono<Void> append(HistoryEntry entry);

    /** The entries of an address, oldest first. */
    Flux<HistoryEntry> entries(String address);

    /** Records whether the address has a key after the write of this version. */
    Mono<Void> indexAddress(String address, long version, boolean hasKey);

    /** A page of a domain's addresses that have a key, in ascending order. */
    Flux<String> domainAddresses(String domain, Optional<String> after, int limit);
}
