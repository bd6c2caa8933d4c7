package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;

/**
 * The one write path of a key publication (docs/PROTOCOL.md 2.3), for the key service's own publications
 * ({@link PublishKey}) and the Web Key Service's confirmed submissions alike: the request's version in its account's
 * order ({@link PublicationOrder}), the store write with its origin for the history, and whether it was applied. What
 * the store does on an applied write (history, Web Key Directory index, and so the Autocrypt header and retrieval)
 * follows from here, whichever way the key came.
 */
final class KeyPublications {
    private final StoreCalls store;
    private final PublicationOrder order;
    private final Clock clock;

    KeyPublications(StoreCalls store, PublicationOrder order, Clock clock) {
        this.store = store;
        this.order = order;
        this.clock = clock;
    }

    /** The origin of a change, made at the time of the write. */
    interface Origin {
        ChangeOrigin at(Instant now);
    }

    /**
     * Writes the sanitised key for the account with the request's version.
     *
     * @return whether the write was applied, now or by an earlier attempt of the same request; false when a newer
     *         publication or deletion of the account was applied first (superseded)
     */
    boolean publish(Mail request, String account, SanitisedKey key, Origin origin) throws KeyStoreUnavailableException {
        long version = order.versionOf(request, account, store);
        Instant now = clock.instant();
        StoredKey stored = new StoredKey(account, key.keyBytes(), key.fingerprint(), now, version);
        return wasApplied(store.put(stored, origin.at(now)), account, version);
    }

    /**
     * Only an applied write is confirmed (docs/PROTOCOL.md 2.3). A write the store calls superseded was still this
     * request's own when the stored version is its version: an earlier attempt applied it and then failed before
     * its answer went out.
     */
    boolean wasApplied(WriteOutcome outcome, String account, long version) throws KeyStoreUnavailableException {
        return outcome == WriteOutcome.APPLIED || store.latestVersion(account).equals(Optional.of(version));
    }
}
