package org.mailkeys.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The account's pending requests in the state folder, which the sending side writes before a request leaves and
 * the collecting side removes once its answer is settled; failures become {@link MailKeysException}s that name the
 * folder.
 */
final class AccountRequests {
    private final PendingRequestStore store;
    private final String account;

    AccountRequests(PendingRequestStore store, String account) {
        this.store = store;
        this.account = account;
    }

    PendingRequestStore store() {
        return store;
    }

    /** The pending requests of this account (the state folder may be shared by several accounts). */
    List<PendingRequest> ofAccount() throws MailKeysException {
        try {
            List<PendingRequest> mine = new ArrayList<>();
            for (PendingRequest request : store.pending()) {
                if (request.account().equalsIgnoreCase(account)) {
                    mine.add(request);
                }
            }
            return mine;
        } catch (IOException e) {
            throw new MailKeysException("cannot read the pending requests in " + store.folder() + ": " + e.getMessage(), e);
        }
    }

    Optional<PendingRequest> find(String messageId) throws MailKeysException {
        try {
            return store.find(messageId);
        } catch (IOException e) {
            throw new MailKeysException("cannot read pending request: " + e.getMessage(), e);
        }
    }

    void save(PendingRequest request) throws MailKeysException {
        try {
            store.save(request);
        } catch (IOException e) {
            throw new MailKeysException("cannot keep the pending request in " + store.folder() + ": " + e.getMessage(), e);
        }
    }

    void forget(String messageId) throws MailKeysException {
        try {
            store.remove(messageId);
        } catch (IOException e) {
            throw new MailKeysException("cannot remove the pending request from " + store.folder() + ": " + e.getMessage(), e);
        }
    }
}
