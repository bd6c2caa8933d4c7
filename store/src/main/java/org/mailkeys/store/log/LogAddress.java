package org.mailkeys.store.log;

import org.mailkeys.store.MailAddressIdentity;

/**
 * The key log's VRF input of an address (docs/PROTOCOL.md 12.1): the store's one address identity, UTF-8, so that an
 * internationalised domain in either spelling has one label.
 */
public final class LogAddress {
    private LogAddress() {
    }

    public static String normalise(String address) {
        return MailAddressIdentity.of(address);
    }
}
