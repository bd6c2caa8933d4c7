package org.mailkeys.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 client that keeps its connection between requests, as a WKD client that reuses connections does: it
 * reconnects when the server answered {@code Connection: close}, or closed a kept connection before answering (then
 * it sends the request again, once). Each answer is read by its {@code Content-Length} and checked: status 200 and the
 * expected body length.
 */
final class KeepAliveClient implements HttpLoad.Client {
    private final InetSocketAddress server;
    private final String host;
    private final int expectedBodyLength;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(InetSocketAddress server, String host, int expectedBodyLength) {
        this.server = server;
        this.host = host;
        this.expectedBodyLength = expectedBodyLength;
    }

    @Override
    public void get(String target) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        String head = send(target);
        if (head == null && reused) {
            close(); // the server closed the kept connection while it was idle: a new one, once
            connect();
            head = send(target);
        }
        if (head == null) {
            throw new IOException("the server closed the connection without answering " + target);
        }
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected answer to " + target + ": " + head.lines().findFirst().orElse(""));
        }
        int length = contentLength(head);
        if (length != expectedBodyLength || in.readNBytes(length).length != length) {
            throw new IOException("unexpected body length " + length + " for " + target);
        }
        if (head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) {
            close();
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(server, 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends the request and reads the answer's head; null when the connection ended before its first byte. */
    private String send(String target) throws IOException {
        try {
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            return null;
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                b = -1;
            }
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the answer's head ended early");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("no Content-Length in the answer");
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
