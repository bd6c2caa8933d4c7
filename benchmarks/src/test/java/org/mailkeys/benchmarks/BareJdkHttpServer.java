package org.mailkeys.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import org.mailkeys.client.agent.HkpServer;

/**
 * The bound of the agent's HKP listener against nginx: the JDK's HTTP server set up as {@link HkpServer} sets it up
 * (the same limits, an executor of 8 threads, the same backlog), answering every request at once with the same bytes
 * and headers, with none of the agent's work (no checks, no lock, no key file, no armor).
 */
final class BareJdkHttpServer implements AutoCloseable {
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService threads;

    private BareJdkHttpServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static BareJdkHttpServer start(InetSocketAddress address, byte[] body) throws IOException {
        HkpServer.limitTheJdkServer();
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "bare-jdk-http");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", exchange -> {
            try {
                exchange.getResponseHeaders().set("Content-Type", "application/pgp-keys");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
        return new BareJdkHttpServer(server, threads);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
