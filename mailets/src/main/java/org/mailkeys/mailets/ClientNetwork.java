package org.mailkeys.mailets;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The network a client IP is counted under (docs/PROTOCOL.md 5): an IPv4 address as it is, an IPv6 address by its
 * /64 (the smallest prefix a site gets, so one host can take any address in it), an IPv4-mapped IPv6 address as its
 * IPv4 address.
 */
final class ClientNetwork {
    private static final int IPV6_PREFIX_BYTES = 8;
    /** Literal addresses only, so that parsing never asks DNS. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientNetwork() {
    }

    static String of(String clientIp) {
        String literal = clientIp.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!IP_LITERAL.matcher(literal).matches()) {
            return literal.toLowerCase(Locale.ROOT);
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(prefix, IPV6_PREFIX_BYTES, 16, (byte) 0);
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            }
            return ((Inet4Address) address).getHostAddress();
        } catch (UnknownHostException | ClassCastException e) {
            return literal.toLowerCase(Locale.ROOT);
        }
    }
}
