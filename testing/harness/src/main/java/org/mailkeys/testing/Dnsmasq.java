package org.mailkeys.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real DNS server for tests: dnsmasq on 127.0.0.1 and a free port, answering only from the records it is
 * given (no upstream, no /etc/hosts). Tests that need it are skipped, with a message, when dnsmasq is not installed (fail under {@link Prerequisites#strict()}).
 */
public final class Dnsmasq implements AutoCloseable {
    private final RunningProgram process;
    private final InetAddress host;
    private final int port;

    private Dnsmasq(RunningProgram process, InetAddress host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    public static Optional<Path> executable() {
        for (String candidate : new String[] {"/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * dnsmasq on a free port of 127.0.0.1.
     *
     * @param localDomains names under these that have no record get NXDOMAIN instead of a refusal
     * @param options dnsmasq record options, e.g. {@code --mx-host=example.test,mx1.example.test,10}
     */
    public static Dnsmasq start(List<String> localDomains, List<String> options) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return startOn(InetAddress.getLoopbackAddress(), port, localDomains, options);
    }

    /**
     * dnsmasq on the given loopback address and port. Port 53 is what James' own DNS service asks (dnsservice.xml
     * takes server addresses only) and needs root, like any port below 1024.
     */
    public static Dnsmasq startOn(InetAddress host, int port, List<String> localDomains, List<String> options)
            throws IOException, InterruptedException {
        Path binary = executable().orElse(null);
        Prerequisites.require(binary != null,
                "dnsmasq is not installed (apt-get install dnsmasq): skipping the tests that need a real DNS server");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--listen-address=" + host.getHostAddress(), "--bind-interfaces",
                "--port=" + port, "--pid-file="));
        localDomains.forEach(domain -> command.add("--local=/" + domain + "/"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        command.addAll(options);
        RunningProgram process = Command.of(command).discardOutput().start();
        Dnsmasq server = new Dnsmasq(process, host, port);
        server.awaitAnswers();
        return server;
    }

    /** The address it listens on, e.g. {@code 127.0.0.1}. */
    public String hostAddress() {
        return host.getHostAddress();
    }

    public int port() {
        return port;
    }

    /** Sends a bare query (root SOA) until dnsmasq answers anything. */
    private void awaitAnswers() throws IOException, InterruptedException {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1};
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IOException("dnsmasq exited with status " + process.exitValue());
                }
                socket.send(new DatagramPacket(query, query.length, host, port));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return true;
                } catch (SocketTimeoutException e) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IOException("dnsmasq did not answer on port " + port, e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
