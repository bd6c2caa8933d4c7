package org.mailkeys.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for the mail library: {@link #createSocket()} hands out a plain {@link ResolvingSocketFactory}
 * socket that the library connects and then layers TLS over through
 * {@link #createSocket(Socket, String, int, boolean)}, where the certificate is checked against the host name
 * (unless TLS checks were switched off explicitly).
 */
final class TlsSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final ResolvingSocketFactory plain;
    private final boolean checkHostName;

    TlsSocketFactory(SSLSocketFactory tls, ResolvingSocketFactory plain, boolean checkHostName) {
        this.tls = tls;
        this.plain = plain;
        this.checkHostName = checkHostName;
    }

    @Override
    public Socket createSocket() {
        return plain.createSocket();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        SSLSocket layered = (SSLSocket) tls.createSocket(socket, host, port, autoClose);
        if (checkHostName) {
            SSLParameters parameters = layered.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            layered.setSSLParameters(parameters);
        }
        return layered;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(plain.createSocket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(plain.createSocket(host, port, localHost, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tls.createSocket(address, port, localAddress, localPort);
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
