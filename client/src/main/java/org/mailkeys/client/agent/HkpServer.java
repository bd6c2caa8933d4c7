package org.mailkeys.client.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.protocol.PublicKeys;

/**
 * The OpenPGP HTTP Keyserver Protocol (draft-shaw-openpgp-hkp-00) on loopback, for unmodified GnuPG, Thunderbird
 * and Kleopatra: {@code GET /pks/lookup?op=get|index&options=mr&search=...} by mail address (with or without
 * {@code exact=on}) or by {@code 0x} fingerprint or key ID, answered from the agent's verified keys
 * ({@link KeyDirectory}); {@code /pks/add} is 501 (the agent publishes only the user's own key, over mail).
 *
 * <p>Loopback is reachable from every web page the user opens, so a request is refused (403) when its
 * {@code Host} is not the listener's own loopback name or address (DNS rebinding), when it carries an
 * {@code Origin} header (a browser's cross-origin fetch), or when {@code Sec-Fetch-Site} says it comes from
 * another site. Bounds: the JDK server's limits on connections, header size, request and response time (set by
 * {@link #limitTheJdkServer()} before the server class loads), a query of at most {@link #MAX_QUERY} characters,
 * and a fixed pool of {@link #THREADS} threads.
 */
public final class HkpServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 11371;
    static final int MAX_QUERY = 1024;
    static final int THREADS = 8;
    private static final Pattern HEX = Pattern.compile("(0[xX])?([0-9a-fA-F]{8}|[0-9a-fA-F]{16}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})");
    private static final Set<String> FOREIGN_FETCH_SITES = Set.of("cross-site", "same-site");

    private final HttpServer server;
    private final ExecutorService threads;
    private final KeyDirectory directory;
    private final AgentLog log;
    private final Set<String> ownHosts;
    private final ArmoredKeys armoredKeys = new ArmoredKeys();

    private HkpServer(HttpServer server, ExecutorService threads, KeyDirectory directory, AgentLog log, Set<String> ownHosts) {
        this.server = server;
        this.threads = threads;
        this.directory = directory;
        this.log = log;
        this.ownHosts = ownHosts;
    }

    /**
     * The JDK HTTP server reads its limits from system properties once: a process that serves HKP sets them first
     * (unless already set): 32 connections, 50 header lines of at most 8 KiB in all, 10 s to send a request, 70 s
     * for the answer (a lookup waits up to 60 s), idle connections closed after 30 s.
     */
    public static void limitTheJdkServer() {
        setIfAbsent("jdk.httpserver.maxConnections", "32");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "50");
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", "8192");
        setIfAbsent("sun.net.httpserver.maxReqTime", "10");
        setIfAbsent("sun.net.httpserver.maxRspTime", "70");
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
        setIfAbsent("sun.net.httpserver.maxIdleConnections", "8");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** @throws IllegalArgumentException when the address is not on loopback */
    public static HkpServer start(InetSocketAddress address, KeyDirectory directory, AgentLog log) throws IOException {
        requireLoopback(address);
        limitTheJdkServer();
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-hkp");
            thread.setDaemon(true);
            return thread;
        });
        int port = server.getAddress().getPort();
        HkpServer hkp = new HkpServer(server, threads, directory, log, ownHosts(address.getAddress(), port));
        server.createContext("/", hkp::handle);
        server.setExecutor(threads);
        server.start();
        return hkp;
    }

    public static void requireLoopback(InetSocketAddress address) {
        if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the HKP listener must be on loopback (127.0.0.1 or ::1), not "
                    + address.getHostString() + ": every program on the network could otherwise read the keys and make "
                    + "the agent send lookups from your account");
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The Host values that name this listener: its address, and {@code localhost}, each with and without the port. */
    static Set<String> ownHosts(InetAddress address, int port) {
        String literal = address instanceof java.net.Inet6Address ? "[" + address.getHostAddress().replaceAll("%.*", "") + "]"
                : address.getHostAddress();
        List<String> names = new ArrayList<>(List.of(literal.toLowerCase(Locale.ROOT), "localhost"));
        if (literal.equals("[0:0:0:0:0:0:0:1]")) {
            names.add("[::1]");
        }
        List<String> hosts = new ArrayList<>();
        for (String name : names) {
            hosts.add(name);
            hosts.add(name + ":" + port);
        }
        return Set.copyOf(hosts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String refusal = refusal(exchange);
            if (refusal != null) {
                log.warn("HKP: refused a request from a browser or a foreign host name (" + refusal + ")");
                send(exchange, 403, "text/plain", "Forbidden: " + refusal + "\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if ("/pks/add".equals(path)) {
                send(exchange, 501, "text/plain", "Not implemented: this agent publishes only your own key, over mail\n");
                return;
            }
            if (!"/pks/lookup".equals(path)) {
                send(exchange, 404, "text/plain", "Not found\n");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "Method not allowed\n");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null && query.length() > MAX_QUERY) {
                send(exchange, 414, "text/plain", "Query too long\n");
                return;
            }
            lookup(exchange, parameters(query == null ? "" : query));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("HKP: " + e);
        } finally {
            exchange.close();
        }
    }

    /** Why the request must not be answered, or null. */
    private String refusal(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !ownHosts.contains(host.trim().toLowerCase(Locale.ROOT))) {
            return "Host " + (host == null ? "missing" : "'" + printable(host) + "'") + " is not this listener";
        }
        if (exchange.getRequestHeaders().containsKey("Origin")) {
            return "Origin header";
        }
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && FOREIGN_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
            return "Sec-Fetch-Site: " + printable(fetchSite);
        }
        return null;
    }

    private void lookup(HttpExchange exchange, Map<String, String> parameters) throws IOException, InterruptedException {
        String op = parameters.getOrDefault("op", "");
        String search = parameters.getOrDefault("search", "").trim();
        if (!op.equals("get") && !op.equals("index")) {
            send(exchange, 501, "text/plain", "Not implemented: op=" + printable(op) + " (get and index are)\n");
            return;
        }
        if (search.isEmpty()) {
            send(exchange, 400, "text/plain", "Bad request: no search\n");
            return;
        }
        List<byte[]> keys = find(search);
        if (keys.isEmpty()) {
            send(exchange, 404, "text/plain", "No keys found\n");
            return;
        }
        if (op.equals("get")) {
            StringBuilder armored = new StringBuilder();
            keys.forEach(key -> armored.append(armoredKeys.armor(key)));
            send(exchange, 200, "application/pgp-keys", armored.toString());
        } else {
            send(exchange, 200, "text/plain", index(keys, addressIn(search).orElse(null)));
        }
    }

    private List<byte[]> find(String search) throws InterruptedException {
        if (HEX.matcher(search).matches()) {
            String hex = search.replaceFirst("^0[xX]", "").toUpperCase(Locale.ROOT);
            return directory.byFingerprintSuffix(hex);
        }
        Optional<String> address = addressIn(search);
        if (address.isEmpty()) {
            return List.of();
        }
        return directory.byAddress(address.get()).map(List::of).orElse(List.of());
    }

    /** The mail address a search names: the whole search, or one in {@code <...>} (GnuPG sends both forms). */
    static Optional<String> addressIn(String search) {
        String candidate = search.trim();
        int open = candidate.lastIndexOf('<');
        if (open >= 0 && candidate.endsWith(">")) {
            candidate = candidate.substring(open + 1, candidate.length() - 1);
        }
        return MailAddresses.isPlausible(candidate) ? Optional.of(MailAddresses.normalise(candidate)) : Optional.empty();
    }

    /** The machine-readable index (draft-shaw-openpgp-hkp-00, "Machine Readable Indexes"): info, pub and uid lines. */
    static String index(List<byte[]> keys, String address) {
        StringBuilder out = new StringBuilder("info:1:").append(keys.size()).append('\n');
        for (byte[] key : keys) {
            out.append("pub:").append(PublicKeys.fingerprint(key).orElse("")).append(":::::\n");
            for (String userId : PublicKeys.userIds(key)) {
                if (address == null || userId.toLowerCase(Locale.ROOT).contains(address)) {
                    out.append("uid:").append(escape(userId)).append(":::\n");
                }
            }
        }
        return out.toString();
    }

    /** %-escapes ':' and '%' and everything that is not printable 7-bit, as the draft's index format asks. */
    static String escape(String userId) {
        StringBuilder out = new StringBuilder();
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c > 0x7e || c == ':' || c == '%') {
                out.append(String.format("%%%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty() || parameters.size() >= 16) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
