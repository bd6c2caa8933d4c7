package org.mailkeys.wkd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/** Whom a limit counts: an IPv4 address, or an IPv6 /64 (one customer's network, as docs/PROTOCOL.md section 5). */
final class ClientAddresses {
    private ClientAddresses() {
    }

    static String counted(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress) || ((InetSocketAddress) remote).getAddress() == null) {
            return "unknown";
        }
        InetAddress address = ((InetSocketAddress) remote).getAddress();
        if (address instanceof Inet6Address) {
            return "v6:" + Arrays.toString(Arrays.copyOf(address.getAddress(), 8));
        }
        return address.getHostAddress();
    }
}
