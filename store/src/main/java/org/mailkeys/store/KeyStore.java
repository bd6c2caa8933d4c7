package org.mailkeys.store;

import reactor.core.publisher.Mono;

/**
 * Where the KST keeps published keys, one per lower-cased mail address. It keeps bytes and metadata and knows
 * nothing of the wire format. Writes carry a version: a write older than what is stored is not applied, so a
 * late or retried publication never overwrites a newer one, on one node or on many.
 */
public interface KeyStore {
    /** The key stored for the address, or empty when there is none (never published, or deleted). */
    Mono<StoredKey> find(String address);

    /** Stores the key unless a newer version (of a key or a deletion) is already stored for its address. */
    Mono<WriteOutcome> put(StoredKey key);

    /** Removes the key of the address unless a newer version is stored; the deletion itself is versioned. */
    Mono<WriteOutcome> delete(String address, long version);

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
