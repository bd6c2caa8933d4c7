package org.mailkeys.client;

import java.util.Objects;

/** A server to talk to over TLS: where it is and whether TLS starts at once or after STARTTLS. */
public final class MailServer {
    /** Implicit TLS (ports 465 and 993) or STARTTLS, which the client always requires. */
    public enum Tls { IMPLICIT, STARTTLS }

    private final HostAndPort address;
    private final Tls tls;
    private final String certificateName;
    private final boolean dnssecValidated;

    public MailServer(HostAndPort address, Tls tls) {
        this(address, tls, address.host(), false);
    }

    /**
     * @param certificateName the name the server's certificate must carry, when it is not the host connected to:
     *        the mail domain for a server found by an SRV answer DNSSEC did not prove (RFC 7817 section 3)
     * @param dnssecValidated the server was found through a DNSSEC-validated answer
     */
    public MailServer(HostAndPort address, Tls tls, String certificateName, boolean dnssecValidated) {
        this.address = Objects.requireNonNull(address);
        this.tls = Objects.requireNonNull(tls);
        this.certificateName = Objects.requireNonNull(certificateName);
        this.dnssecValidated = dnssecValidated;
    }

    /**
     * {@code HOST[:PORT]}, where port 465 and 993 mean implicit TLS and any other port STARTTLS; or with a scheme,
     * {@code smtps://}, {@code submissions://}, {@code imaps://} (implicit TLS) or {@code smtp://},
     * {@code submission://}, {@code imap://} (STARTTLS), whatever the port.
     */
    public static MailServer parse(String text, int defaultPort) {
        String trimmed = text.trim();
        int separator = trimmed.indexOf("://");
        if (separator < 0) {
            return byPort(HostAndPort.parse(trimmed, defaultPort));
        }
        String scheme = trimmed.substring(0, separator).toLowerCase(java.util.Locale.ROOT);
        HostAndPort address = HostAndPort.parse(trimmed.substring(separator + 3).replaceAll("/+$", ""), defaultPort);
        switch (scheme) {
            case "smtps":
            case "submissions":
            case "imaps":
                return new MailServer(address, Tls.IMPLICIT);
            case "smtp":
            case "submission":
            case "imap":
                return new MailServer(address, Tls.STARTTLS);
            default:
                throw new IllegalArgumentException("unknown scheme " + scheme + ":// in " + text);
        }
    }

    /** Port 465 and 993 mean implicit TLS, any other port STARTTLS. */
    public static MailServer byPort(HostAndPort address) {
        boolean implicit = address.port() == 465 || address.port() == 993;
        return new MailServer(address, implicit ? Tls.IMPLICIT : Tls.STARTTLS);
    }

    public HostAndPort address() {
        return address;
    }

    public String host() {
        return address.host();
    }

    public int port() {
        return address.port();
    }

    public Tls tls() {
        return tls;
    }

    /** The name TLS is set up for (SNI) and the certificate checked against; the host name unless said otherwise. */
    public String certificateName() {
        return certificateName;
    }

    /** How a connection to this server is authenticated: {@code dnssec+tls} when DNSSEC proved where it is. */
    public Protection protection() {
        return dnssecValidated ? Protection.DNSSEC_TLS : Protection.TLS;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailServer && ((MailServer) other).address.equals(address)
                && ((MailServer) other).tls == tls && ((MailServer) other).certificateName.equalsIgnoreCase(certificateName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, tls);
    }

    @Override
    public String toString() {
        return address + (tls == Tls.IMPLICIT ? " (TLS" : " (STARTTLS")
                + (certificateName.equalsIgnoreCase(address.host()) ? ")" : ", certificate for " + certificateName + ")");
    }
}
