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
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server for tests that records everything a client sends it. Tests read the record to prove what did, or
 * did not, leave the client (a K_auth in a DATA body, a password in an AUTH line). Two ways to run:
 * <ul>
 *   <li>the end of the path ({@link #RecordingSmtpServer(InetAddress, int, SSLContext, String)}): it takes any mail,
 *   offers STARTTLS, then AUTH PLAIN and LOGIN only over TLS, and accepts any password; one session at a time;</li>
 *   <li>a relay on the path ({@link #relaying}): every session is forwarded to the next hop, each DATA's text
 *   rewritten by a tampering function, and STARTTLS is never offered, so the sender falls back to plain SMTP, as on
 *   a hostile path.</li>
 * </ul>
 */
public final class RecordingSmtpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<String> received = new ArrayList<>();
    private final List<String> mails = new ArrayList<>();
    private final List<Socket> relayed = new ArrayList<>();
    private final AtomicInteger tampered = new AtomicInteger();

    /** Listens on {@code host:port} (port 0: a free one); shows the certificate of {@code tls} after STARTTLS. */
    public RecordingSmtpServer(InetAddress host, int port, SSLContext tls, String name) throws IOException {
        this(new InetSocketAddress(host, port));
        start("recording-smtp-" + name, () -> answerOneSessionAtATime(tls, name));
    }

    private RecordingSmtpServer(InetSocketAddress listenOn) throws IOException {
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(listenOn);
    }

    /**
     * A relay between two providers (a domain's MX, say) that records what passes and can change it: forwards every
     * session to {@code nextHop}, replaces the text of each DATA with {@code tampering}'s result, hides STARTTLS.
     */
    public static RecordingSmtpServer relaying(InetSocketAddress listenOn, InetSocketAddress nextHop,
                                               UnaryOperator<String> tampering) throws IOException {
        RecordingSmtpServer relay = new RecordingSmtpServer(listenOn);
        start("relaying-smtp", () -> relay.relayEverySession(nextHop, tampering));
        return relay;
    }

    /** The port it listens on (useful when it was created with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** Every command line received, in order, and the lines of every DATA body (as sent, before any tampering). */
    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    /** The DATA bodies received, one string each (as sent, before any tampering). */
    public synchronized List<String> mails() {
        return List.copyOf(mails);
    }

    /** Whether anything the client sent contains {@code text} (a password, a K_auth). */
    public synchronized boolean receivedAnything(String text) {
        return received.stream().anyMatch(line -> line.contains(text));
    }

    /** How many messages a relay has changed so far. */
    public int tamperedMessages() {
        return tampered.get();
    }

    private synchronized void record(String line) {
        received.add(line);
    }

    private synchronized void recordMail(String text) {
        mails.add(text);
    }

    private static void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void answerOneSessionAtATime(SSLContext tls, String name) {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(30_000);
                answer(socket, tls, name);
            } catch (IOException e) {
                // a client that gave up (a failed TLS handshake, too): the next one is served
            }
        }
    }

    private void answer(Socket plain, SSLContext tls, String name) throws IOException {
        Socket socket = plain;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        boolean secure = false;
        write(out, "220 " + name + " ESMTP recording test server");
        String line;
        while ((line = in.readLine()) != null) {
            record(line);
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
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
                    if (line.toUpperCase(Locale.ROOT).startsWith("AUTH LOGIN")) {
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
                    recordMail(readData(in));
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

    private void relayEverySession(InetSocketAddress nextHop, UnaryOperator<String> tampering) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(nextHop.getAddress(), nextHop.getPort());
                synchronized (relayed) {
                    relayed.add(client);
                    relayed.add(server);
                }
                start("relaying-smtp-replies", () -> repliesWithoutStartTls(server, client));
                start("relaying-smtp-commands", () -> commandsWithTamperedData(client, server, tampering));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The next hop's replies go back unchanged, except that STARTTLS is never offered. */
    private static void repliesWithoutStartTls(Socket server, Socket client) {
        try (BufferedReader in = reader(server); OutputStream out = client.getOutputStream()) {
            String line;
            String held = null; // a continuation line ("250-..."), kept until we know whether it ends the reply
            while ((line = in.readLine()) != null) {
                boolean last = !(line.length() > 3 && line.charAt(3) == '-');
                if (line.startsWith("250") && line.regionMatches(true, 4, "STARTTLS", 0, 8)) {
                    if (last && held != null) {
                        write(out, "250 " + held.substring(4));
                        held = null;
                    }
                    continue;
                }
                if (held != null) {
                    write(out, held);
                    held = null;
                }
                if (last) {
                    write(out, line);
                } else {
                    held = line;
                }
            }
        } catch (IOException e) {
            // session over
        }
    }

    /** Commands pass unchanged; the text of each DATA is rewritten. */
    private void commandsWithTamperedData(Socket client, Socket server, UnaryOperator<String> tampering) {
        try (BufferedReader in = reader(client); OutputStream out = server.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                record(line);
                write(out, line);
                if (line.equalsIgnoreCase("DATA")) {
                    String text = readData(in);
                    recordMail(text);
                    String changed = tampering.apply(text);
                    if (!changed.equals(text)) {
                        tampered.incrementAndGet();
                    }
                    out.write(changed.getBytes(StandardCharsets.ISO_8859_1));
                    write(out, ".");
                }
            }
        } catch (IOException e) {
            // session over
        }
    }

    /** The lines of a DATA up to the lone dot, each recorded, joined with CRLF (dot-stuffing kept as sent). */
    private String readData(BufferedReader in) throws IOException {
        StringBuilder mail = new StringBuilder();
        String body;
        while ((body = in.readLine()) != null && !body.equals(".")) {
            record(body);
            mail.append(body).append("\r\n");
        }
        return mail.toString();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (relayed) {
            for (Socket socket : relayed) {
                socket.close();
            }
        }
    }
}
