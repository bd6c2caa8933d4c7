package org.mailkeys.store;

/** What a versioned write did. */
public enum WriteOutcome {
    APPLIED,
    /** A newer version was already stored; nothing changed. */
    SUPERSEDED
}
