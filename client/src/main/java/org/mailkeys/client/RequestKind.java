package org.mailkeys.client;

/** What a request asked the KST to do. */
public enum RequestKind {
    PUBLISH, DELETE, LOOKUP
}
