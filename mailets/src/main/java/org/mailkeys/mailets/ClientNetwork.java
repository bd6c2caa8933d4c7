package org.mailkeys.mailets;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network a client IP is counted under (docs/PROTOCOL.md 5): an IPv4 address as it is, an IPv6 address by its
 * /64 (the smallest prefix a site gets, so one host can take any address in it), an IPv4-mapped IPv6 address as its
 * IPv4 address. An IPv6 client also belongs to its /48, the usual allocation of one site: the share of the rate table
 * one client may own is counted for both ({@link #owners}).
 */
final class ClientNetwork {
    private static final int IPV6_CLIENT_PREFIX_BYTES = 8;
    private static final int IPV6_SITE_PREFIX_BYTES = 6;
    /** Literal addresses only, so that parsing never asks DNS. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** One network that owns rate counters; a site is an IPv6 /48, which may own more than one client. */
    static final class Owner {
        final String name;
        final boolean site;

        private Owner(String name, boolean site) {
            this.name = name;
            this.site = site;
        }
    }

    private ClientNetwork() {
    }

    static String of(String clientIp) {
        return parse(clientIp)
            .map(address -> address instanceof Inet6Address ? prefix(address, IPV6_CLIENT_PREFIX_BYTES, "/64")
                : address.getHostAddress())
            .orElseGet(() -> literal(clientIp).toLowerCase(Locale.ROOT));
    }

    /** The client's network ({@link #of}) and, for IPv6, its /48. */
    static List<Owner> owners(String clientIp) {
        Owner client = new Owner(of(clientIp), false);
        Optional<InetAddress> address = parse(clientIp);
        if (address.isPresent() && address.get() instanceof Inet6Address) {
            return List.of(client, new Owner(prefix(address.get(), IPV6_SITE_PREFIX_BYTES, "/48"), true));
        }
        return List.of(client);
    }

    private static String literal(String clientIp) {
        String literal = clientIp.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        return literal;
    }

    /** Empty when the text is no IP literal; an IPv4-mapped IPv6 address comes back as IPv4 (Java maps it). */
    private static Optional<InetAddress> parse(String clientIp) {
        String literal = literal(clientIp);
        if (!IP_LITERAL.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet4Address || address instanceof Inet6Address ? Optional.of(address)
                : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String prefix(InetAddress address, int bytes, String suffix) {
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, bytes, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + suffix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
