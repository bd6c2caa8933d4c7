package org.mailkeys.store.wks;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the Web Key Service keeps beside the keys: the submission key pair of each domain (its secret key ring) and
 * the submissions that wait for their confirmation. It lives with the key store it belongs to (memory, owner-only
 * files, or Cassandra tables), so that every node of a cluster signs and decrypts with the same key and takes any
 * confirmation. Like {@link org.mailkeys.store.KeyStore}, no call blocks the caller's thread.
 */
public interface WebKeyServiceStore {
    /** The secret key ring of the domain's submission key, or empty when none was made yet. */
    Mono<byte[]> submissionKey(String domain);

    /**
     * Stores the domain's submission key unless one is stored already, and returns the one stored: when two nodes
     * make one at the same time, both end up using the same.
     */
    Mono<byte[]> submissionKeyIfAbsent(String domain, byte[] secretKeyRing);

    /**
     * Adds a pending submission unless the account already has {@code maxPerAccount} that have not expired at
     * {@code now}; expired ones are removed on the way.
     *
     * @return whether it was added
     */
    Mono<Boolean> addPending(PendingSubmission submission, int maxPerAccount, Instant now);

    /** The account's pending submissions (expired ones included: the caller checks), at most a bounded number. */
    Flux<PendingSubmission> pending(String account);

    /**
     * Removes a pending submission of the account, named by its nonce. True for exactly one caller, so that a
     * confirmation is used once even when two nodes take it at the same time.
     */
    Mono<Boolean> remove(String account, String nonce);
}
