package org.mailkeys.store;

import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the KST keeps published keys, one per address identity ({@link MailAddressIdentity}). It keeps bytes and metadata and knows
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
     * Stores the key unless {@link WriteDecision} says otherwise (a newer version, key or deletion, is stored; or an
     * operator deleted the key at a version the writer had not seen). {@link WriteOutcome#APPLIED} means the store
     * holds this request's write (by this call or by an earlier attempt of the same ticket) and its history entry
     * and index rows are written: only then may it be confirmed.
     *
     * @param ticket from {@link VersionRule#next}, kept through retries; its version is the key's
     */
    Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin);

    /**
     * Removes the key of the address, as {@link #put} writes one: the deletion is versioned (a tombstone), recorded
     * in the history when applied, and {@link WriteOutcome#APPLIED} only for this request's own deletion. An
     * operator's deletion ({@link ChangeOrigin.ActorKind#OPERATOR}) also holds against every later-arriving write
     * that had not seen it.
     */
    Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin);

    /**
     * A put ordered by its key's version alone, for tests and tools; the request id is derived from the key, so the
     * same put repeated is one request.
     */
    default Mono<WriteOutcome> put(StoredKey key, ChangeOrigin origin) {
        return put(key, WriteTicket.ofVersionAlone(key.version(), "put:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(HistoryEntry.sha256(key.keyBytes()))),
            origin);
    }

    /** A deletion ordered by its version alone, for tests and tools, as {@link #put(StoredKey, ChangeOrigin)}. */
    default Mono<WriteOutcome> delete(String address, long version, ChangeOrigin origin) {
        return delete(address, WriteTicket.ofVersionAlone(version, "delete:" + origin.actorKind()), origin);
    }

    /** A put by the key's own account through an unnamed node. */
    default Mono<WriteOutcome> put(StoredKey key) {
        return put(key, ChangeOrigin.account(key.address(), UNKNOWN_NODE, key.publishedAt()));
    }

    /** A deletion by the address's own account through an unnamed node. */
    default Mono<WriteOutcome> delete(String address, long version) {
        return delete(address, version, ChangeOrigin.account(StoredKey.normalise(address), UNKNOWN_NODE,
            Instant.now()));
    }

    /**
     * Makes sure the latest applied write of the address is in the history and the indexes: a write interrupted
     * after it took effect (the store failed before recording it) is recorded now, with the entry it would have
     * had. Idempotent. Stores that record atomically with the write have nothing to do.
     */
    default Mono<Void> completeInterruptedWrite(String address) {
        return Mono.empty();
    }

    /** Every applied publication, replacement and deletion of the address, oldest first. */
    Flux<HistoryEntry> history(String address);

    /**
     * The addresses of a domain that have a key now, in ascending order, at most {@code limit} of them, after the
     * address {@code after} when given. Reads that domain's entries only, never the whole store.
     *
     * @param domain a domain, in either spelling of an IDN ({@link MailAddressIdentity#domain})
     */
    Flux<String> addresses(String domain, Optional<String> after, int limit);

    /** Whether the store can be read and written now. */
    Mono<StoreHealth> health();

    /**
     * The version of the latest write applied for the address, a key or a deletion; empty when there was none.
     * A new request's ticket is taken above it ({@link VersionRule#next}), so versions keep growing across restarts
     * and across nodes whose clocks differ. Whether a write was applied is never told by this version: only
     * {@link #put} and {@link #delete} know whether the store holds a request's own write.
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
