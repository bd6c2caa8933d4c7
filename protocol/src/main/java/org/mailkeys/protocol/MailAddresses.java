package org.mailkeys.protocol;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The mail address rules the protocol needs: a plausible single address, and mailbox comparison. */
public final class MailAddresses {
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern ADDRESS =
        Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")*");

    private MailAddresses() {
    }

    /**
     * A single {@code local@domain} address in US-ASCII: a dot-atom local part of at most 64 characters, a domain
     * of host name labels, no spaces, no angle brackets, no comments, at most 254 characters.
     */
    public static boolean isPlausible(String address) {
        return address != null
            && address.length() <= MAX_LENGTH
            && ADDRESS.matcher(address).matches()
            && address.indexOf('@') <= MAX_LOCAL_PART_LENGTH;
    }

    /** Whether both name the same mailbox: the whole address compared case-insensitively, as James does. */
    public static boolean sameMailbox(String first, String second) {
        return first != null && second != null && normalise(first).equals(normalise(second));
    }

    /** The lower-cased form under which the same mailbox is always found. */
    public static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The address a user ID names: the text in its last {@code <...>}, or the whole user ID when it is a bare
     * address ({@code alice@example.net}).
     */
    static Optional<String> ofUserId(String userId) {
        int open = userId.lastIndexOf('<');
        int close = userId.lastIndexOf('>');
        String candidate = open >= 0 && close > open ? userId.substring(open + 1, close).trim() : userId.trim();
        return candidate.indexOf('@') > 0 ? Optional.of(candidate) : Optional.empty();
    }
}
