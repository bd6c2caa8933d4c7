package org.mailkeys.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

/**
 * Plain sockets that find a host's address through {@link DnsLookup}, so that a client told to use one DNS
 * server ({@code --resolver}) reaches the hosts that server names, while the mail library keeps using the host
 * name (for STARTTLS, SNI and the certificate check).
 */
final class ResolvingSocketFactory extends SocketFactory {
    private final DnsLookup dns;

    ResolvingSocketFactory(DnsLookup dns) {
        this.dns = dns;
    }

    @Override
    public Socket createSocket() {
        return new ResolvingSocket(dns);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return new Socket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return new Socket(address, port, localAddress, localPort);
    }

    private static final class ResolvingSocket extends Socket {
        private final DnsLookup dns;

        ResolvingSocket(DnsLookup dns) {
            this.dns = dns;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(resolve(endpoint), timeout);
        }

        private SocketAddress resolve(SocketAddress endpoint) throws IOException {
            if (!(endpoint instanceof InetSocketAddress)) {
                return endpoint;
            }
            InetSocketAddress inet = (InetSocketAddress) endpoint;
            if (!dns.usesOwnResolver() && !inet.isUnresolved()) {
                return inet;
            }
            return new InetSocketAddress(dns.addresses(inet.getHostString()).get(0), inet.getPort());
        }
    }
}
