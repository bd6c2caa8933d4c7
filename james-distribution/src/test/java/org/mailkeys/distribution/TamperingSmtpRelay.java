package org.mailkeys.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A mail relay on the path between two providers that can change what passes: an SMTP proxy on loopback (a
 * domain's MX, say) that forwards every session to the next hop and rewrites the message text of each DATA. It
 * hides STARTTLS from the sender, so the sending server falls back to plain SMTP, as on a hostile path.
 */
final class TamperingSmtpRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress nextHop;
    private final UnaryOperator<String> tampering;
    private final AtomicInteger tampered = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    TamperingSmtpRelay(InetSocketAddress listenOn, InetSocketAddress nextHop, UnaryOperator<String> tampering) throws IOException {
        this.listener = new ServerSocket(listenOn.getPort(), 50, listenOn.getAddress());
        this.nextHop = nextHop;
        this.tampering = tampering;
        Thread acceptor = new Thread(this::accept, "tampering-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** How many messages were changed so far. */
    int tamperedMessages() {
        return tampered.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(nextHop.getAddress(), nextHop.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                start(() -> fromServer(server, client));
                start(() -> fromClient(client, server));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "tampering-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Server replies go back unchanged, except that STARTTLS is never offered. */
    private void fromServer(Socket server, Socket client) {
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
    private void fromClient(Socket client, Socket server) {
        try (BufferedReader in = reader(client); OutputStream out = server.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                write(out, line);
                if (line.equalsIgnoreCase("DATA")) {
                    StringBuilder message = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        message.append(line).append("\r\n");
                    }
                    String text = message.toString();
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
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
