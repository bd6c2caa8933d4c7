package org.mailkeys.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The error codes of PROTOCOL.md section 4, with their wire names. */
public enum ErrorCode {
    MALFORMED("malformed"),
    TOO_LARGE("too-large"),
    NO_KEY("no-key"),
    SECRET_KEY("secret-key"),
    BAD_KEY("bad-key"),
    ADDRESS_MISMATCH("address-mismatch"),
    NOT_LOCAL("not-local"),
    RATE_LIMITED("rate-limited"),
    UNAVAILABLE("unavailable"),
    /** A retried publication or DELETE that a newer one of the same account overtook (PROTOCOL.md 2.3). */
    SUPERSEDED("superseded");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ErrorCode> fromWireName(String name) {
        return Arrays.stream(values()).filter(code -> code.wireName.equals(name)).findFirst();
    }
}
