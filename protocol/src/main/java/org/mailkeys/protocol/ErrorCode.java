package org.mailkeys.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The error codes of docs/PROTOCOL.md section 4, with their wire names and the fixed US-ASCII text the KST sends
 * with each (never request text).
 */
public enum ErrorCode {
    MALFORMED("malformed", "the body does not have the form of a key service request"),
    TOO_LARGE("too-large", "publication over the size limit"),
    NO_KEY("no-key", "no public key block"),
    SECRET_KEY("secret-key", "secret key material is refused"),
    BAD_KEY("bad-key", "the key does not parse or lacks valid self-signatures"),
    ADDRESS_MISMATCH("address-mismatch", "no valid user ID holds the account's address"),
    NOT_LOCAL("not-local", "the queried address is not hosted here"),
    RATE_LIMITED("rate-limited", "too many requests, try again later"),
    UNAVAILABLE("unavailable", "key store unavailable; the request is kept and will be answered later"),
    /** A retried publication or DELETE that a newer one of the same account overtook (docs/PROTOCOL.md 2.3). */
    SUPERSEDED("superseded", "a newer publication or deletion of this account was applied first; nothing changed");

    /** MALFORMED for a publication or DELETE sent without SMTP AUTH (docs/PROTOCOL.md 3). */
    public static final String NOT_A_RETRIEVAL_TEXT = "not a retrieval request; publishing needs SMTP AUTH";
    /** MALFORMED for a retrieval request whose queried address is no mail address. */
    public static final String BAD_QUERIED_ADDRESS_TEXT = "the queried address is not a mail address";
    /** ADDRESS_MISMATCH for an account whose address no status line can name (docs/PROTOCOL.md 2.2). */
    public static final String ACCOUNT_NOT_SERVED_TEXT = "the account's address is not one the key service serves";

    private final String wireName;
    private final String text;

    ErrorCode(String wireName, String text) {
        this.wireName = wireName;
        this.text = text;
    }

    public String wireName() {
        return wireName;
    }

    /** The text of {@code ERROR <code> <text>} when no more precise one applies. */
    public String text() {
        return text;
    }

    public static Optional<ErrorCode> fromWireName(String name) {
        return Arrays.stream(values()).filter(code -> code.wireName.equals(name)).findFirst();
    }
}
