package org.mailkeys.store.log;

import org.mailkeys.store.StoredKey;

/**
 * The one place where the key log takes the store's address identity: the VRF input of an address is its normalised
 * form. When the store's normalisation changes, this is the call site to follow.
 */
public final class LogAddress {
    private LogAddress() {
    }

    public static String normalise(String address) {
        return StoredKey.normalise(address);
    }
}
