package org.mailkeys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load: {@code connections} clients, each sending GETs for random keys, reading each answer to
 * its end and checking its status and body length, for a fixed time. Returns the requests answered per second. Each
 * client sends one request per connection ({@code Connection: close}, as GnuPG's dirmngr), or, with keep-alive, keeps
 * its connection for the next request until the server answers {@code Connection: close} or closes it, as a client
 * that reuses connections does.
 */
final class HttpLoad {
    /** The Host header of the WKD lookups. */
    private static final String WKD_HOST = "openpgpkey.example.net";

    private HttpLoad() {
    }

    static double requestsPerSecond(InetSocketAddress server, int connections, double seconds, int keys,
                                    IntFunction<String> target, int expectedBodyLength) throws Exception {
        return requestsPerSecond(server, WKD_HOST, connections, seconds, keys, target, expectedBodyLength);
    }

    /** As above, with the Host header given (the agent's HKP listener answers only its own loopback names). */
    static double requestsPerSecond(InetSocketAddress server, String host, int connections, double seconds, int keys,
                                    IntFunction<String> target, int expectedBodyLength) throws Exception {
        return load(connections, seconds, () -> new Client() {
            @Override
            public void get(String path) throws IOException {
                HttpLoad.get(server, host, path, expectedBodyLength);
            }

            @Override
            public void close() {
            }
        }, keys, target);
    }

    /** With keep-alive: each client reuses its connection while the server keeps it open. */
    static double keepAliveRequestsPerSecond(InetSocketAddress server, int connections, double seconds, int keys,
                                             IntFunction<String> target, int expectedBodyLength) throws Exception {
        return load(connections, seconds, () -> new KeepAliveClient(server, WKD_HOST, expectedBodyLength),
            keys, target);
    }

    /** One load client's requests (its connection, if it keeps one). */
    interface Client extends java.io.Closeable {
        void get(String path) throws IOException;
    }

    private static double load(int connections, double seconds, java.util.function.Supplier<Client> newClient, int keys,
                               IntFunction<String> target) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            List<Future<Long>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                SplittableRandom random = new SplittableRandom(c * 31L + System.nanoTime());
                running.add(clients.submit(() -> {
                    long answered = 0;
                    try (Client client = newClient.get()) {
                        while (System.nanoTime() < end) {
                            client.get(target.apply(random.nextInt(keys)));
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            long total = 0;
            for (Future<Long> done : running) {
                total += done.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void get(InetSocketAddress server, String host, String target, int expectedBodyLength) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 200") || bodyStart < 0 || answer.length - bodyStart - 4 != expectedBodyLength) {
                throw new IOException("unexpected answer to " + target + ": " + text.lines().findFirst().orElse("(empty)"));
            }
        }
    }
}
