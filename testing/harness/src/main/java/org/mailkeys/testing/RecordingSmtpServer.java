package org.mailkeys.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server for tests that records everything a client sends it, before and after STARTTLS: it takes any
 * mail, offers AUTH PLAIN and LOGIN only over TLS and accepts any password. Tests read the record to prove what
 * did, or did not, leave the client (a K_auth in a DATA body, a password in an AUTH line).
 */
public final class RecordingSmtpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final SSLContext tls;
    private final String name;
    private final List<String> received = new ArrayList<>();
    private final List<String> mails = new ArrayList<>();
    private final Thread acceptor;

    /** Listens on {@code host:port}; shows the certificate of {@code tls} after STARTTLS. */
    public RecordingSmtpServer(InetAddress host, int port, SSLContext tls, String name) throws IOException {
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(host, port));
        this.tls = tls;
        this.name = name;
        this.acceptor = new Thread(this::serve, "recording-smtp-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port it listens on (useful when it was created with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** Every command line received, in order, and the lines of every DATA body. */
    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    /** The DATA bodies received, one string each. */
    public synchronized List<String> mails() {
        return List.copyOf(mails);
    }

    /** Whether anything the client sent contains {@code text} (a password, a K_auth). */
    public synchronized boolean receivedAnything(String text) {
        return received.stream().anyMatch(line -> line.contains(text));
    }

    private synchronized void record(String line) {
        received.add(line);
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(30_000);
                converse(socket);
            } catch (IOException e) {
                // a client that gave up (a failed TLS handshake, too): the next one is served
            }
        }
    }

    private void converse(Socket plain) throws IOException {
        Socket socket = plain;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        boolean secure = false;
        write(out, "220 " + name + " ESMTP recording test server");
        String line;
        while ((line = in.readLine()) != null) {
            record(line);
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (command) {
                case "EHLO":
                case "HELO":
                    write(out, "250-" + name + "\r\n" + (secure ? "250-AUTH PLAIN LOGIN\r\n" : "250-STARTTLS\r\n") + "250 8BITMIME");
                    break;
                case "STAR":
                    write(out, "220 2.0.0 ready for TLS");
                    SSLSocket layered = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                    layered.setUseClientMode(false);
                    layered.startHandshake();
                    socket = layered;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    secure = true;
                    break;
                case "AUTH":
                    if (line.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH LOGIN")) {
                        write(out, "334 VXNlcm5hbWU6");
                        record(in.readLine());
                        write(out, "334 UGFzc3dvcmQ6");
                        record(in.readLine());
                    } else if (line.trim().split(" ").length < 3) {
                        write(out, "334 ");
                        record(in.readLine());
                    }
                    write(out, "235 2.7.0 accepted");
                    break;
                case "DATA":
                    write(out, "354 go ahead");
                    StringBuilder mail = new StringBuilder();
                    String body;
                    while ((body = in.readLine()) != null && !body.equals(".")) {
                        record(body);
                        mail.append(body).append("\r\n");
                    }
                    synchronized (this) {
                        mails.add(mail.toString());
                    }
                    write(out, "250 2.0.0 queued");
                    break;
                case "QUIT":
                    write(out, "221 2.0.0 bye");
                    return;
                default:
                    write(out, "250 2.0.0 ok");
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
