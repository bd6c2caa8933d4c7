package org.mailkeys.store;

import java.net.IDN;
import java.util.Locale;

/**
 * The one identity of a mail address, used by every store, the Web Key Directory index, the key history and the
 * log: two spellings name one key exactly when their identities are equal (docs/PROTOCOL.md 1.4).
 *
 * <ul>
 *     <li>Surrounding white space is dropped.</li>
 *     <li>The local part is lower-cased ({@link Locale#ROOT}): local parts are compared case-insensitively, as
 *     James compares mailboxes.</li>
 *     <li>The domain is written in its ASCII form, each internationalised label as its A-label (IDNA, RFC 5891
 *     section 4.4, as {@link IDN#toASCII} computes it), then lower-cased: {@code alice@bücher.example} and
 *     {@code alice@XN--BCHER-KVA.example} are both {@code alice@xn--bcher-kva.example}.</li>
 *     <li>The domain is what follows the last {@code @} ({@link #domainOf}); a text without {@code @}, or a domain
 *     that IDNA refuses, is only lower-cased: it names no mailbox, and so no key, but lookups of it still have one
 *     answer.</li>
 * </ul>
 */
public final class MailAddressIdentity {
    private MailAddressIdentity() {
    }

    /** The identity of an address: local part lower-cased, domain in lower-case ASCII. */
    public static String of(String address) {
        String trimmed = address.trim();
        int at = trimmed.lastIndexOf('@');
        if (at < 0) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        return trimmed.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain(trimmed.substring(at + 1));
    }

    /** The identity of a domain: its ASCII form (A-labels), lower-cased. */
    public static String domain(String domain) {
        String trimmed = domain.trim();
        try {
            return IDN.toASCII(trimmed).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return trimmed.toLowerCase(Locale.ROOT); // no host name: it can name no key
        }
    }

    /** The domain part as written: what follows the last {@code @}, or the whole text when there is none. */
    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** The local part as written: what precedes the last {@code @}, or empty when there is none. */
    public static String localPartOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(0, at);
    }
}
