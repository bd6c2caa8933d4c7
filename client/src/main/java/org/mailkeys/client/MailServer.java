package org.mailkeys.client;

import java.util.Objects;

/** A server to talk to over TLS: where it is and whether TLS starts at once or after STARTTLS. */
public final class MailServer {
    /** Implicit TLS (ports 465 and 993) or STARTTLS, which the client always requires. */
    public enum Tls { IMPLICIT, STARTTLS }

    private final HostAndPort address;
    private final Tls tls;

    public MailServer(HostAndPort address, Tls tls) {
        this.address = Objects.requireNonNull(address);
        this.tls = Objects.requireNonNull(tls);
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

    @Override
    public boolean equals(Object other) {
        return other instanceof MailServer && ((MailServer) other).address.equals(address)
                && ((MailServer) other).tls == tls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, tls);
    }

    @Override
    public String toString() {
        return address + (tls == Tls.IMPLICIT ? " (TLS)" : " (STARTTLS)");
    }
}
