package org.mailkeys.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real validating resolver for tests: Unbound on a loopback address, sending the test's zones to the test's
 * authoritative server (stub zones) and validating them from the test's trust anchors. For the client's
 * {@code --resolver-validates} mode, which believes the AD bit of such a resolver.
 */
public final class Unbound implements AutoCloseable {
    private final RunningProgram process;
    private final InetAddress host;
    private final int port;

    private Unbound(RunningProgram process, InetAddress host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /** Unbound on {@code host:port}, resolving {@code zones} at {@code authority}, validating from {@code trustAnchors}. */
    public static Unbound start(InetAddress host, int port, Path folder, KnotDns authority, List<String> zones,
                                Path trustAnchors) throws IOException, InterruptedException {
        Optional<Path> unbound = ExternalPrograms.executable("unbound");
        Prerequisites.require(unbound.isPresent(), "Unbound is not installed (apt-get install unbound): skipping the "
                + "tests of a validating resolver's AD bit");
        Files.createDirectories(folder);
        StringBuilder config = new StringBuilder("server:\n")
                .append("  interface: ").append(host.getHostAddress()).append("\n  port: ").append(port).append('\n')
                .append("  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n  use-syslog: no\n  logfile: \"\"\n")
                .append("  directory: \"").append(folder).append("\"\n  pidfile: \"").append(folder.resolve("unbound.pid")).append("\"\n")
                .append("  do-ip6: no\n  do-not-query-localhost: no\n  access-control: 127.0.0.0/8 allow\n")
                .append("  module-config: \"validator iterator\"\n  qname-minimisation: no\n  val-log-level: 1\n")
                .append("  trust-anchor-file: \"").append(trustAnchors).append("\"\n");
        for (String zone : zones) {
            // Unbound answers RFC 6761 names such as test. itself (NXDOMAIN) unless told not to
            config.append("  local-zone: \"").append(zone.substring(zone.lastIndexOf('.') + 1)).append(".\" nodefault\n");
        }
        config.append("remote-control:\n  control-enable: no\n");
        for (String zone : zones) {
            config.append("stub-zone:\n  name: \"").append(zone).append("\"\n  stub-addr: ")
                    .append(authority.hostAddress()).append('@').append(authority.port()).append('\n');
        }
        Path file = folder.resolve("unbound.conf");
        Files.writeString(file, config.toString(), StandardCharsets.US_ASCII);
        RunningProgram process = Command.of(unbound.get().toString(), "-d", "-c", file.toString())
                .outputTo(folder.resolve("unbound.log")).start();
        Unbound server = new Unbound(process, host, port);
        server.awaitListening(folder);
        return server;
    }

    private void awaitListening(Path folder) throws IOException, InterruptedException {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IOException("unbound exited: " + Files.readString(folder.resolve("unbound.log"), StandardCharsets.UTF_8));
                }
                try (java.net.Socket probe = new java.net.Socket(host, port)) {
                    return true; // it listens on TCP as well as UDP
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IOException("unbound did not start listening on " + host.getHostAddress() + ":" + port, e);
        }
    }

    public String hostAddress() {
        return host.getHostAddress();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.close();
    }
}
