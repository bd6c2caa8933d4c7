package org.mailkeys.wkd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whom a limit counts: an IPv4 address, or an IPv6 /64 (one customer's network, as docs/PROTOCOL.md section 5); and
 * for IPv6 also the /48 around it (the usual allocation of one site), since whoever has a /48 has 65,536 /64s. A site
 * gets {@link #SITE_FACTOR} times the share of one client.
 */
final class ClientAddresses {
    /** An IPv6 /48 may use this many times what one client (an IPv4 address or an IPv6 /64) may. */
    static final int SITE_FACTOR = 8;
    private static final int CLIENT_PREFIX_BYTES = 8;
    private static final int SITE_PREFIX_BYTES = 6;

    private ClientAddresses() {
    }

    static String counted(SocketAddress remote) {
        Optional<InetAddress> address = address(remote);
        if (address.isEmpty()) {
            return "unknown";
        }
        if (address.get() instanceof Inet6Address) {
            return "v6:" + Arrays.toString(Arrays.copyOf(address.get().getAddress(), CLIENT_PREFIX_BYTES));
        }
        return address.get().getHostAddress();
    }

    /** The IPv6 /48 of the client; empty for IPv4 (an IPv4-mapped address is IPv4 to Java's sockets). */
    static Optional<String> site(SocketAddress remote) {
        return address(remote)
            .filter(address -> address instanceof Inet6Address)
            .map(address -> "v6/48:" + Arrays.toString(Arrays.copyOf(address.getAddress(), SITE_PREFIX_BYTES)));
    }

    private static Optional<InetAddress> address(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress)) {
            return Optional.empty();
        }
        return Optional.ofNullable(((InetSocketAddress) remote).getAddress());
    }
}
