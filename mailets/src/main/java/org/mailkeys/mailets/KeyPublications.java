package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import org.apache.mailet.Mail;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;

/**
 * The one write path of a key publication or deletion (docs/PROTOCOL.md 2.3), for the key service's own requests
 * ({@link PublishKey}) and the Web Key Service's confirmed submissions alike: the request's ticket in its account's
 * order ({@link PublicationOrder}, from the store's one {@code VersionRule}), the store write with its origin for the
 * history, and whether the store holds this very request's write. What the store does on an applied write (history,
 * Web Key Directory index, and so the Autocrypt header and retrieval) follows from here, whichever way the key came.
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
     * Writes the sanitised key for the account under the request's ticket.
     *
     * @return the version of this request's write when the store holds it, applied now or by an earlier attempt of the
     *         same request; empty when a newer publication or deletion of the account was applied first (superseded)
     */
    OptionalLong publish(Mail request, String account, SanitisedKey key, Origin origin)
        throws KeyStoreUnavailableException {
        WriteTicket ticket = order.ticketOf(request, account, store);
        Instant now = clock.instant();
        StoredKey stored = new StoredKey(account, key.keyBytes(), key.fingerprint(), now, ticket.version());
        return store.put(stored, ticket, origin.at(now)) == WriteOutcome.APPLIED
            ? OptionalLong.of(ticket.version())
            : OptionalLong.empty();
    }

    /** Deletes the account's key under the request's ticket; whether the store holds this request's deletion. */
    boolean delete(Mail request, String account, Origin origin) throws KeyStoreUnavailableException {
        WriteTicket ticket = order.ticketOf(request, account, store);
        return store.delete(account, ticket, origin.at(clock.instant())) == WriteOutcome.APPLIED;
    }
}
