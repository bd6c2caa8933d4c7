package org.mailkeys.store;

import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the KST keeps published keys, one per lower-cased mail address. It keeps bytes and metadata and knows
 * nothing of the wire format. Writes carry a version: a write older than what is stored is not applied, so a
 * late or retried publication never overwrites a newer one, on one node or on many.
 *
 * <p>Every applied write is also recorded in the key history ({@link #history}), shared by every node that uses the
 * same store, and never changed afterwards.
 *
 * <p>Calling a method or subscribing to its answer never blocks the caller's thread: a store whose I/O blocks runs it
 * on a scheduler of its own ({@link org.mailkeys.store.file.FileKeyStore} on Reactor's bounded elastic one). The Web
 * Key Directory relies on this: it asks the store from Netty's event loop.
 */
public interface KeyStore {
    /** The node name recorded by the writes that do not say who made them. */
    String UNKNOWN_NODE = "unknown";
    /** At most this many addresses in one page of {@link #addresses}. */
    int MAX_PAGE_SIZE = 1000;

    /** The key stored for the address, or empty when there is none (never published, or deleted). */
    Mono<StoredKey> find(String address);

    /**
     * Stores the key unless a newer version (of a key or a deletion) is already stored for its address; when it is
     * applied, the history gets an entry naming the origin.
     */
    Mono<WriteOutcome> put(StoredKey key, ChangeOrigin origin);

    /**
     * Removes the key of the address unless a newer version is stored; the deletion itself is versioned, and
     * recorded in the history when applied.
     */
    Mono<WriteOutcome> delete(String address, long version, ChangeOrigin origin);

    /** A put by the key's own account through an unnamed node. */
    default Mono<WriteOutcome> put(StoredKey key) {
        return put(key, ChangeOrigin.account(key.address(), UNKNOWN_NODE, key.publishedAt()));
    }

    /** A deletion by the address's own account through an unnamed node. */
    default Mono<WriteOutcome> delete(String address, long version) {
        return delete(address, version, ChangeOrigin.account(StoredKey.normalise(address), UNKNOWN_NODE,
            Instant.now()));
    }

    /** Every applied publication, replacement and deletion of the address, oldest first. */
    Flux<HistoryEntry> history(String address);

    /**
     * The addresses of a domain that have a key now, in ascending order, at most {@code limit} of them, after the
     * address {@code after} when given. Reads that domain's entries only, never the whole store.
     *
     * @param domain a lower-case domain (its ASCII form for an IDN)
     */
    Flux<String> addresses(String domain, Optional<String> after, int limit);

    /** Whether the store can be read and written now. */
    Mono<StoreHealth> health();

    /**
     * The version of the latest write applied for the address, a key or a deletion; empty when there was none.
     * A new request's version is chosen above it, so versions keep growing across restarts and across nodes whose
     * clocks differ; a retried write that finds its own version here was applied before.
     */
    Mono<Long> latestVersion(String address);

    /**
     * The key stored for the address of {@code domain} whose local part has this Web Key Directory hash
     * ({@link WebKeyHash}), or empty. For WKD requests that do not name the local part (no {@code ?l=}): every
     * store keeps an index by domain and hash. Addresses are stored lower-cased, so case variants of a local part,
     * which James delivers to one mailbox, share one hash and one key.
     */
    Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart);
}
