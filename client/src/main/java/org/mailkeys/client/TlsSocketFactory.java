package org.mailkeys.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for one server: whatever address the mail library connected to (an IP address found through our own DNS
 * lookup, or the name), TLS is set up for the server's host name, which is sent as SNI and against which the
 * certificate is checked during the handshake (unless TLS checks were switched off explicitly).
 */
final class TlsSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final String hostName;
    private final boolean checkHostName;

    TlsSocketFactory(SSLSocketFactory tls, String hostName, boolean checkHostName) {
        this.tls = tls;
        this.hostName = hostName;
        this.checkHostName = checkHostName;
    }

    /** Layers TLS over a connected socket, for the server's host name (the {@code host} argument is ignored). */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        SSLSocket layered = (SSLSocket) tls.createSocket(socket, hostName, port, autoClose);
        if (checkHostName) {
            SSLParameters parameters = layered.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            layered.setSSLParameters(parameters);
        }
        return layered;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(new Socket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(new Socket(host, port, localHost, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(new Socket(host, port), host.getHostAddress(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(new Socket(address, port, localAddress, localPort), address.getHostAddress(), port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
