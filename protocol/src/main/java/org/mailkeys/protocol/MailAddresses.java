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
     * The address a user ID contains (docs/PROTOCOL.md 2.2): the whole user ID when it is exactly a plausible address, or
     * the plausible address in a final {@code <...>} when the user ID holds no other {@code <} or {@code >}. A user
     * ID with control characters or Unicode bidirectional controls contains none: such text can make a program show
     * another address than the one compared here.
     */
    static Optional<String> ofUserId(String userId) {
        if (hasControlOrBidiCharacter(userId)) {
            return Optional.empty();
        }
        int open = userId.indexOf('<');
        int close = userId.indexOf('>');
        if (open < 0 && close < 0) {
            return isPlausible(userId) ? Optional.of(userId) : Optional.empty();
        }
        boolean oneFinalPair = open == userId.lastIndexOf('<') && close == userId.length() - 1 && close > open;
        if (!oneFinalPair) {
            return Optional.empty();
        }
        String candidate = userId.substring(open + 1, close);
        return isPlausible(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Control characters (C0, DEL, C1) and the Unicode bidirectional formatting characters. */
    static boolean hasControlOrBidiCharacter(String text) {
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
            || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }
}
