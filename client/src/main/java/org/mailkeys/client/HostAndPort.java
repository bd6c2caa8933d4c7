package org.mailkeys.client;

import java.util.Objects;

/** A host name (or IP literal) and a TCP port, as given on a command line: {@code host}, {@code host:port}, {@code [v6]:port}. */
public final class HostAndPort {
    private final String host;
    private final int port;

    public HostAndPort(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.host = host;
        this.port = port;
    }

    /** @param defaultPort used when the text has no port */
    public static HostAndPort parse(String text, int defaultPort) {
        String trimmed = Objects.requireNonNull(text, "text").trim();
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced [ in " + text);
            }
            String host = trimmed.substring(1, close);
            String rest = trimmed.substring(close + 1);
            return new HostAndPort(host, rest.isEmpty() ? defaultPort : port(rest.substring(1), text));
        }
        int colon = trimmed.lastIndexOf(':');
        if (colon < 0 || trimmed.indexOf(':') != colon) {
            // no port, or a bare IPv6 literal
            return new HostAndPort(trimmed, defaultPort);
        }
        return new HostAndPort(trimmed.substring(0, colon), port(trimmed.substring(colon + 1), text));
    }

    private static int port(String digits, String whole) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number in " + whole);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostAndPort && ((HostAndPort) other).host.equalsIgnoreCase(host)
                && ((HostAndPort) other).port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host.toLowerCase(java.util.Locale.ROOT), port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
