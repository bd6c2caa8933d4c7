package org.mailkeys.client;

import java.util.Locale;
import java.util.Optional;

/**
 * How the connection that carried a request (and its K_auth) was authenticated (docs/PROTOCOL.md 6: part of every
 * result). Every connection uses TLS with a checked certificate; what differs is what told the client which
 * server and which certificate to expect.
 */
public enum Protection {
    /** RFC 7672: DNSSEC-validated MX, address and TLSA records, and the certificate matched a TLSA record. */
    DANE("dane", "dane"),
    /** RFC 8461: the MX matched the domain's MTA-STS policy in enforce mode, certificate checked by its CAs. */
    MTA_STS("mta-sts", "mta-sts"),
    /** The server's name came from a DNSSEC-validated answer (MX or SRV); certificate checked by its CAs. */
    DNSSEC_TLS("dnssec+tls", "dnssec+tls"),
    /** Certificate checked against a name that DNS without DNSSEC gave (or that the user configured). */
    TLS("tls", "tls (no DNS authentication)"),
    /** Sent through the user's own provider, which passed it on (docs/PROTOCOL.md 6, relayed mode). */
    RELAYED("relayed", "relayed");

    private final String wireName;
    private final String description;

    Protection(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** {@code dane}, {@code mta-sts}, {@code dnssec+tls}, {@code tls} or {@code relayed}: stable, for JSON and files. */
    public String wireName() {
        return wireName;
    }

    /** For a person: {@code tls (no DNS authentication)} says what plain {@code tls} lacks. */
    public String description() {
        return description;
    }

    public static Optional<Protection> fromWireName(String name) {
        for (Protection protection : values()) {
            if (protection.wireName.equals(name)) {
                return Optional.of(protection);
            }
        }
        return Optional.empty();
    }

    /** What {@code --require} accepts: anything weaker is refused before K_auth leaves the machine. */
    public enum Requirement {
        /** DANE only. */
        DANE,
        /** MTA-STS in enforce mode, or DANE, which RFC 8461 section 2 lets take precedence over it. */
        MTA_STS,
        /** A DNSSEC-validated route: DANE, or a validated MX without TLSA. */
        DNSSEC;

        public boolean acceptedBy(Protection protection) {
            switch (this) {
                case DANE:
                    return protection == Protection.DANE;
                case MTA_STS:
                    return protection == Protection.DANE || protection == Protection.MTA_STS;
                case DNSSEC:
                    return protection == Protection.DANE || protection == Protection.DNSSEC_TLS;
                default:
                    return false;
            }
        }

        /** {@code dane}, {@code mta-sts} or {@code dnssec}. */
        public static Requirement parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "dane":
                    return DANE;
                case "mta-sts":
                    return MTA_STS;
                case "dnssec":
                    return DNSSEC;
                default:
                    throw new IllegalArgumentException("--require takes dane, mta-sts, dnssec or transparency, not " + text);
            }
        }

        public String wireName() {
            return this == MTA_STS ? "mta-sts" : name().toLowerCase(Locale.ROOT);
        }
    }
}
