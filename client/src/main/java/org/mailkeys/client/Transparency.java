package org.mailkeys.client;

import java.util.Locale;

/**
 * How an answer was checked against the provider's key log (docs/PROTOCOL.md, the client's rules for version 2):
 * {@code verified} (every proof held), {@code not-offered} (a version-1 answer, no proof), {@code failed} (a proof
 * that did not hold, or one that could not be checked: no keys for the log, tiles unreachable, a changed log key).
 */
public enum Transparency {
    VERIFIED,
    NOT_OFFERED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
