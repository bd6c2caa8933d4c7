package org.mailkeys.benchmarks;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mailkeys.client.agent.CachedAgent;
import org.mailkeys.client.agent.HkpServer;
import org.mailkeys.client.agent.MailKeysAgent;
import org.mailkeys.protocol.PublicKeyArmor;

/**
 * {@code hkp_cached_vs_nginx_c1} and {@code _c16}: the client agent's HKP listener (draft-shaw-openpgp-hkp-00) answering
 * {@code GET /pks/lookup?op=get&options=mr&search=ADDRESS&exact=on} (what dirmngr sends for {@code --locate-keys})
 * for addresses whose verified key the agent already holds, against nginx serving one file per address with the
 * same response bytes (the armored key), plain HTTP on loopback, one request per connection as dirmngr makes them,
 * the same Java client ({@link HttpLoad}) and rounds alternating. In the same rounds, the bound: the JDK's HTTP server
 * as the agent sets it up (its limits, an executor of {@link HkpServer}'s thread count) answering every request at once
 * with the same bytes, printed in the detail.
 */
final class HkpVsNginx {
    static final List<String> FIGURES = List.of("hkp_cached_vs_nginx_c1", "hkp_cached_vs_nginx_c16");
    private static final String GOAL = ">= 0.5";
    private static final String AGENT_IP = "127.0.95.1";
    private static final String NGINX_IP = "127.0.95.2";
    private static final String BARE_IP = "127.0.95.3";
    private static final int[] CONNECTIONS = {1, 16};

    private HkpVsNginx() {
    }

    static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        if (!Nginx.installed()) {
            for (String figure : FIGURES) {
                results.add(Figure.missing(figure, GOAL, "nginx is not installed (apt-get install nginx-light)"));
            }
            return;
        }
        int keys = BenchmarkSettings.HKP_KEYS;
        Map<String, byte[]> held = new LinkedHashMap<>();
        byte[] armored = PublicKeyArmor.armor(keyBytes).getBytes(StandardCharsets.UTF_8);
        Path files = Files.createDirectories(folder.resolve("nginx-root").resolve("keys"));
        for (int i = 0; i < keys; i++) {
            held.put(StoreLookups.address(i), keyBytes);
            Files.write(files.resolve(StoreLookups.address(i)), armored);
        }
        MailKeysAgent agent = CachedAgent.holding(Files.createDirectories(folder.resolve("agent")), "bench@example.org", held);
        try (agent;
             HkpServer hkp = HkpServer.start(new InetSocketAddress(AGENT_IP, 0), agent, CachedAgent.log());
             BareJdkHttpServer bare = BareJdkHttpServer.start(new InetSocketAddress(BARE_IP, 0), armored);
             Nginx nginx = Nginx.serveHkp(folder.resolve("nginx-root"),
                 new InetSocketAddress(NGINX_IP, WkdVsNginx.freePort(NGINX_IP)), folder.resolve("nginx"))) {
            double seconds = BenchmarkSettings.HKP_SECONDS_PER_ROUND;
            for (int connections : CONNECTIONS) {
                rate(hkp.address(), connections, seconds, keys, armored.length);
                rate(nginx.address(), connections, seconds, keys, armored.length);
                rate(bare.address(), connections, seconds, keys, armored.length);
                RoundRatios ratios = new RoundRatios();
                RoundRatios bareVsNginx = new RoundRatios();
                for (int round = 0; round < BenchmarkSettings.HKP_ROUNDS; round++) {
                    double agentRate;
                    double nginxRate;
                    double bareRate;
                    if (round % 2 == 0) {
                        agentRate = rate(hkp.address(), connections, seconds, keys, armored.length);
                        nginxRate = rate(nginx.address(), connections, seconds, keys, armored.length);
                        bareRate = rate(bare.address(), connections, seconds, keys, armored.length);
                    } else {
                        bareRate = rate(bare.address(), connections, seconds, keys, armored.length);
                        nginxRate = rate(nginx.address(), connections, seconds, keys, armored.length);
                        agentRate = rate(hkp.address(), connections, seconds, keys, armored.length);
                    }
                    ratios.add(agentRate * seconds, seconds, nginxRate * seconds, seconds);
                    bareVsNginx.add(bareRate * seconds, seconds, nginxRate * seconds, seconds);
                }
                results.add(Figure.measured("hkp_cached_vs_nginx_c" + connections, ratios.ratio(), GOAL,
                    String.format(Locale.ROOT, "%d cached addresses, %d s per side and round, op=get by address, plain HTTP "
                        + "on loopback, one request per connection (as dirmngr), %d-byte armored answers, %s; bound (the "
                        + "JDK's HTTP server as the agent sets it up, answering the same bytes at once, same rounds) %.2f of "
                        + "nginx (rounds %.2f-%.2f, %.1f lookups/s), the agent %.2f of that bound", keys,
                        BenchmarkSettings.HKP_SECONDS_PER_ROUND, armored.length, ratios.describe("lookups/s"),
                        bareVsNginx.ratio(), bareVsNginx.lowest(), bareVsNginx.highest(), bareVsNginx.subjectRate(),
                        ratios.subjectRate() / bareVsNginx.subjectRate())));
            }
        }
    }

    private static double rate(InetSocketAddress server, int connections, double seconds, int keys, int bodyLength)
        throws Exception {
        return HttpLoad.requestsPerSecond(server, "localhost:" + server.getPort(), connections, seconds, keys,
            HkpVsNginx::target, bodyLength);
    }

    /** What dirmngr 2.2.40 asks for {@code --locate-keys ADDRESS} (VERIFIED-FACTS.md). */
    private static String target(int i) {
        return "/pks/lookup?op=get&options=mr&search=" + StoreLookups.address(i) + "&exact=on";
    }
}
