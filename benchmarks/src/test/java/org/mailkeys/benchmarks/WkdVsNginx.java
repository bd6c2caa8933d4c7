package org.mailkeys.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.file.FileStoreFiller;
import org.mailkeys.wkd.WebKeyDirectoryServer;
import org.mailkeys.wkd.WebKeyDirectorySettings;

/**
 * {@code wkd_vs_nginx_c1} and {@code _c16}: WKD lookups (advanced method) answered per second by the MailKeys WKD
 * listener reading a file store, against nginx serving that same store's WKD copies, at 1 and 16 connections,
 * rounds alternating. Plain HTTP on both sides (TLS would measure two TLS stacks); the listener's limits raised
 * out of the way, since all load comes from one address.
 */
final class WkdVsNginx {
    private static final String LISTENER_IP = "127.0.94.1";
    private static final String NGINX_IP = "127.0.94.2";
    private static final int[] CONNECTIONS = {1, 16};

    private WkdVsNginx() {
    }

    static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        if (!Nginx.installed()) {
            for (int connections : CONNECTIONS) {
                results.add(Figure.missing("wkd_vs_nginx_c" + connections, ">= 0.5", "nginx is not installed (apt-get install nginx-light)"));
            }
            return;
        }
        int keys = BenchmarkSettings.WKD_KEYS;
        Path storeFolder = folder.resolve("wkd-store");
        FileStoreFiller.fill(storeFolder, keys, i -> StoreLookups.key(i, keyBytes));
        try (FileKeyStore store = FileKeyStore.open(storeFolder);
             WebKeyDirectoryServer listener = WebKeyDirectoryServer.start(settings(), Optional.empty(), store,
                 Set.of(StoreLookups.DOMAIN)::contains, new RecordingMetricFactory());
             Nginx nginx = Nginx.serve(storeFolder, new InetSocketAddress(NGINX_IP, freePort(NGINX_IP)), folder.resolve("nginx"))) {
            for (int connections : CONNECTIONS) {
                HttpLoad.requestsPerSecond(listener.address(), connections, 1, keys, WkdVsNginx::target, keyBytes.length);
                HttpLoad.requestsPerSecond(nginx.address(), connections, 1, keys, WkdVsNginx::target, keyBytes.length);
                RoundRatios ratios = new RoundRatios();
                double seconds = BenchmarkSettings.WKD_SECONDS_PER_ROUND;
                for (int round = 0; round < BenchmarkSettings.WKD_ROUNDS; round++) {
                    double wkd;
                    double peer;
                    if (round % 2 == 0) {
                        wkd = HttpLoad.requestsPerSecond(listener.address(), connections, seconds, keys, WkdVsNginx::target, keyBytes.length);
                        peer = HttpLoad.requestsPerSecond(nginx.address(), connections, seconds, keys, WkdVsNginx::target, keyBytes.length);
                    } else {
                        peer = HttpLoad.requestsPerSecond(nginx.address(), connections, seconds, keys, WkdVsNginx::target, keyBytes.length);
                        wkd = HttpLoad.requestsPerSecond(listener.address(), connections, seconds, keys, WkdVsNginx::target, keyBytes.length);
                    }
                    ratios.add(wkd * seconds, seconds, peer * seconds, seconds);
                }
                results.add(Figure.measured("wkd_vs_nginx_c" + connections, ratios.ratio(), ">= 0.5", String.format(Locale.ROOT,
                    "%d keys, %d s per side and round, one request per connection, plain HTTP, %s", keys,
                    BenchmarkSettings.WKD_SECONDS_PER_ROUND, ratios.describe("lookups/s"))));
            }
        }
    }

    /** The advanced method's URL of key i (draft-koch-openpgp-webkey-service section 3.1). */
    private static String target(int i) {
        String localPart = StoreLookups.address(i).substring(0, StoreLookups.address(i).indexOf('@'));
        return "/.well-known/openpgpkey/" + StoreLookups.DOMAIN + "/hu/" + WebKeyHash.ofLocalPart(localPart) + "?l=" + localPart;
    }

    private static WebKeyDirectorySettings settings() {
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", "false");
        properties.setProperty("wkd.host", LISTENER_IP);
        properties.setProperty("wkd.port", "0");
        properties.setProperty("wkd.limit.connections", "100000");
        properties.setProperty("wkd.limit.connections.per.ip", "100000");
        properties.setProperty("wkd.limit.connects.per.ip.per.second", "1000000");
        properties.setProperty("wkd.limit.requests.per.ip.per.minute", "1000000");
        return WebKeyDirectorySettings.from(properties);
    }

    private static int freePort(String ip) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }
}
