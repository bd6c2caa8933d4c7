package org.mailkeys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.file.FileStoreFiller;
import org.mailkeys.testing.TestCertificates;
import org.mailkeys.wkd.WebKeyDirectoryServer;
import org.mailkeys.wkd.WebKeyDirectorySettings;

/**
 * The WKD listener reading a file store against nginx serving that same store's WKD copies, as a WKD client (GnuPG's
 * dirmngr) uses them: one request per connection (dirmngr sends {@code HTTP/1.0} and never reuses a connection), the
 * advanced method's URL of a random key, at 1 and 16 connections, rounds alternating.
 *
 * <ul>
 *   <li>{@code wkd_vs_nginx_c1/_c16}: plain HTTP (the listener behind a reverse proxy), the benchmark's Java client
 *       ({@link HttpLoad}), for a fixed time per side;</li>
 *   <li>{@code wkd_keepalive_vs_nginx_c1/_c16}: the same with clients that keep their connection while the server
 *       keeps it ({@link KeepAliveClient}), as WKD clients other than dirmngr may; the listener answers every request
 *       with {@code Connection: close} (docs/PROTOCOL.md), so its clients connect again each time, and so does
 *       the bound, which closes after every answer as the listener does;</li>
 *   <li>{@code wkd_tls_vs_nginx_tls_c1/_c16}: HTTPS with the same test CA's P-256 certificate on both sides, TLS 1.3,
 *       a full handshake per request (dirmngr keeps no session), from curl ({@link CurlLoad}: OpenSSL, a C TLS stack
 *       as dirmngr's GnuTLS), a fixed number of requests per side.</li>
 * </ul>
 *
 * <p>Each round also measures the bound ({@link BareNettyServer}): Netty with the JDK's TLS answering at once with the
 * same bytes, in the same rounds, printed with each figure; and the same listener over the same keys held in memory
 * ({@link MemoryKeyStore}), which parts the listener's own cost from the file store's read. The listener's limits are
 * raised out of the way, since all load comes from one address.
 */
final class WkdVsNginx {
    static final List<String> FIGURES = List.of("wkd_vs_nginx_c1", "wkd_vs_nginx_c16",
        "wkd_keepalive_vs_nginx_c1", "wkd_keepalive_vs_nginx_c16", "wkd_tls_vs_nginx_tls_c1", "wkd_tls_vs_nginx_tls_c16");
    private static final String GOAL = ">= 0.8";
    private static final String LISTENER_IP = "127.0.94.1";
    private static final String NGINX_IP = "127.0.94.2";
    private static final String BARE_IP = "127.0.94.3";
    private static final int[] CONNECTIONS = {1, 16};

    private WkdVsNginx() {
    }

    /** One side of a round: returns the requests answered per second. */
    @FunctionalInterface
    private interface Side {
        double rate(InetSocketAddress server, int connections, long seed) throws Exception;
    }

    static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        if (!Nginx.installed() || !CurlLoad.installed()) {
            for (String figure : FIGURES) {
                results.add(Figure.missing(figure, GOAL, "nginx or curl is not installed (apt-get install nginx-light curl)"));
            }
            return;
        }
        int keys = BenchmarkSettings.WKD_KEYS;
        Path storeFolder = folder.resolve("wkd-store");
        FileStoreFiller.fill(storeFolder, keys, i -> StoreLookups.key(i, keyBytes));
        TestCertificates ca = TestCertificates.newCa(folder.resolve("ca"));
        Path pkcs12 = ca.issue("wkd", List.of(CurlLoad.HOST));
        Path certificatePem = folder.resolve("ca").resolve("wkd.pem");
        Path keyPem = folder.resolve("ca").resolve("wkd.key");
        java.security.KeyStore keystore;
        try (InputStream in = Files.newInputStream(pkcs12)) {
            keystore = WebKeyDirectoryServer.loadKeystore(in, "PKCS12", TestCertificates.PASSWORD);
        }
        MemoryKeyStore memory = new MemoryKeyStore();
        for (int i = 0; i < keys; i++) {
            memory.put(StoreLookups.key(i, keyBytes)).block();
        }
        try (FileKeyStore store = FileKeyStore.open(storeFolder);
             WebKeyDirectoryServer listener = WebKeyDirectoryServer.start(settings(false, pkcs12), Optional.empty(), store,
                 Set.of(StoreLookups.DOMAIN)::contains, new RecordingMetricFactory());
             WebKeyDirectoryServer tlsListener = WebKeyDirectoryServer.start(settings(true, pkcs12), Optional.of(keystore),
                 store, Set.of(StoreLookups.DOMAIN)::contains, new RecordingMetricFactory());
             WebKeyDirectoryServer memoryListener = WebKeyDirectoryServer.start(settings(false, pkcs12), Optional.empty(),
                 memory, Set.of(StoreLookups.DOMAIN)::contains, new RecordingMetricFactory());
             WebKeyDirectoryServer memoryTlsListener = WebKeyDirectoryServer.start(settings(true, pkcs12),
                 Optional.of(keystore), memory, Set.of(StoreLookups.DOMAIN)::contains, new RecordingMetricFactory());
             BareNettyServer bare = BareNettyServer.start(new InetSocketAddress(BARE_IP, 0), Optional.empty(), keyBytes);
             BareNettyServer bareTls = BareNettyServer.start(new InetSocketAddress(BARE_IP, 0), Optional.of(pkcs12), keyBytes);
             Nginx nginx = Nginx.serve(storeFolder, new InetSocketAddress(NGINX_IP, freePort(NGINX_IP)), folder.resolve("nginx"));
             Nginx nginxTls = Nginx.serveTls(storeFolder, new InetSocketAddress(NGINX_IP, freePort(NGINX_IP)),
                 folder.resolve("nginx-tls"), certificatePem, keyPem)) {
            double seconds = BenchmarkSettings.WKD_SECONDS_PER_ROUND;
            Side plain = (server, connections, seed) -> HttpLoad.requestsPerSecond(server, connections, seconds, keys,
                WkdVsNginx::target, keyBytes.length);
            int requests = BenchmarkSettings.WKD_TLS_REQUESTS;
            Path curlFolder = Files.createDirectories(folder.resolve("curl"));
            Side tls = (server, connections, seed) -> requests / CurlLoad.seconds(server, ca.caPem(), curlFolder,
                connections, requests, keys, WkdVsNginx::target, keyBytes.length, seed);
            List<InetSocketAddress> plainServers = List.of(listener.address(), memoryListener.address(), nginx.address(),
                bare.address());
            for (int connections : CONNECTIONS) {
                measure(results, "wkd_vs_nginx_c" + connections, plain, plainServers, connections, String.format(Locale.ROOT,
                        "plain HTTP, one request per connection (as dirmngr), Java client, %d keys, %d s per side and round",
                        keys, BenchmarkSettings.WKD_SECONDS_PER_ROUND));
            }
            Side keepAlive = (server, connections, seed) -> HttpLoad.keepAliveRequestsPerSecond(server, connections,
                seconds, keys, WkdVsNginx::target, keyBytes.length);
            for (int connections : CONNECTIONS) {
                measure(results, "wkd_keepalive_vs_nginx_c" + connections, keepAlive, plainServers, connections,
                    String.format(Locale.ROOT,
                        "plain HTTP, clients that keep the connection while the server does (nginx keeps it; the "
                            + "listener closes after every answer, and so does its bound), Java client, %d keys, %d s per "
                            + "side and round",
                        keys, BenchmarkSettings.WKD_SECONDS_PER_ROUND));
            }
            Side tlsWarmUp = (server, connections, seed) -> CurlLoad.seconds(server, ca.caPem(), curlFolder, connections,
                BenchmarkSettings.WKD_TLS_WARM_UP, keys, WkdVsNginx::target, keyBytes.length, seed);
            for (int connections : CONNECTIONS) {
                List<InetSocketAddress> servers = List.of(tlsListener.address(), memoryTlsListener.address(),
                    nginxTls.address(), bareTls.address());
                for (InetSocketAddress server : servers) {
                    tlsWarmUp.rate(server, connections, 7);
                }
                measure(results, "wkd_tls_vs_nginx_tls_c" + connections, tls, servers, connections, String.format(Locale.ROOT,
                        "HTTPS (TLS 1.3, P-256 certificate of one test CA on both sides), a full handshake and one "
                            + "request per connection (as dirmngr), curl, %d keys, %d requests per side and round",
                        keys, requests));
            }
        }
    }

    /**
     * Rounds of the listener, the listener over the keys in memory, nginx and the bound ({@code servers} in that order),
     * the order reversed every other round; the figure is the listener against nginx, the detail gives the others.
     */
    private static void measure(Results results, String figure, Side side, List<InetSocketAddress> servers,
                                int connections, String how) throws Exception {
        if (!figure.contains("tls")) {
            for (int i = 0; i < servers.size(); i++) {
                side.rate(servers.get(i), connections, i + 1);
            }
        }
        RoundRatios wkdVsNginx = new RoundRatios();
        RoundRatios memoryVsNginx = new RoundRatios();
        RoundRatios bareVsNginx = new RoundRatios();
        for (int round = 0; round < BenchmarkSettings.WKD_ROUNDS; round++) {
            long seed = 100L * round;
            double[] rates = new double[servers.size()];
            for (int step = 0; step < servers.size(); step++) {
                int i = round % 2 == 0 ? step : servers.size() - 1 - step;
                rates[i] = side.rate(servers.get(i), connections, seed);
            }
            wkdVsNginx.add(rates[0], 1, rates[2], 1);
            memoryVsNginx.add(rates[1], 1, rates[2], 1);
            bareVsNginx.add(rates[3], 1, rates[2], 1);
        }
        results.add(Figure.measured(figure, wkdVsNginx.ratio(), GOAL, String.format(Locale.ROOT,
            "%s, %s; bound (bare Netty%s answering the same bytes at once, same rounds) %.2f of nginx (rounds %.2f-%.2f, "
                + "%.1f lookups/s), the listener %.2f of that bound; the listener over the same keys in memory (no file "
                + "read) %.2f of nginx (rounds %.2f-%.2f, %.1f lookups/s), %.2f of the bound, the file store %.2f of memory",
            how, wkdVsNginx.describe("lookups/s"), figure.contains("tls") ? " and JDK TLS" : "", bareVsNginx.ratio(),
            bareVsNginx.lowest(), bareVsNginx.highest(), bareVsNginx.subjectRate(),
            wkdVsNginx.subjectRate() / bareVsNginx.subjectRate(), memoryVsNginx.ratio(), memoryVsNginx.lowest(),
            memoryVsNginx.highest(), memoryVsNginx.subjectRate(), memoryVsNginx.subjectRate() / bareVsNginx.subjectRate(),
            wkdVsNginx.subjectRate() / memoryVsNginx.subjectRate())));
    }

    /** The advanced method's URL of key i (draft-koch-openpgp-webkey-service section 3.1). */
    private static String target(int i) {
        String localPart = StoreLookups.address(i).substring(0, StoreLookups.address(i).indexOf('@'));
        return "/.well-known/openpgpkey/" + StoreLookups.DOMAIN + "/hu/" + WebKeyHash.ofLocalPart(localPart) + "?l=" + localPart;
    }

    private static WebKeyDirectorySettings settings(boolean tls, Path pkcs12) {
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", Boolean.toString(tls));
        if (tls) {
            properties.setProperty("wkd.tls.keystore", pkcs12.toString());
            properties.setProperty("wkd.tls.keystore.password", TestCertificates.PASSWORD);
            properties.setProperty("wkd.tls.keystore.type", "PKCS12");
        }
        properties.setProperty("wkd.host", LISTENER_IP);
        properties.setProperty("wkd.port", "0");
        properties.setProperty("wkd.limit.connections", "100000");
        properties.setProperty("wkd.limit.connections.per.ip", "100000");
        properties.setProperty("wkd.limit.connects.per.ip.per.second", "1000000");
        properties.setProperty("wkd.limit.requests.per.ip.per.minute", "1000000");
        return WebKeyDirectorySettings.from(properties);
    }

    static int freePort(String ip) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }
}
