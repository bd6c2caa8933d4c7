package org.mailkeys.distribution;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * A real DNS server for the mail client: dnsmasq on 127.0.0.1 and a free port (or on a loopback address of its own
 * and port 53, where James' DNS service can ask it too), answering only from the records it is given. Tests that
 * need it are skipped, with a message, when dnsmasq is not installed.
 */
final class DnsServer implements AutoCloseable {
    private final Process process;
    private final InetAddress host;
    private final int port;

    private DnsServer(Process process, InetAddress host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    static Optional<Path> dnsmasq() {
        for (String candidate : new String[] {"/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * @param records dnsmasq options such as {@code --mx-host=example.net,localhost,10}; names under .net, .org and
     *                .test are local
     */
    static DnsServer start(List<String> records) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return start(InetAddress.getLoopbackAddress(), port, records);
    }

    /**
     * dnsmasq on port 53 of the given loopback address: James' DNS service (dnsservice.xml) only takes server
     * addresses, always asked on port 53. Needs root (or CAP_NET_BIND_SERVICE), like the test's MX listeners on 25.
     */
    static DnsServer startOnPort53(InetAddress host, List<String> records) throws IOException, InterruptedException {
        return start(host, 53, records);
    }

    private static DnsServer start(InetAddress host, int port, List<String> records) throws IOException, InterruptedException {
        Path binary = dnsmasq().orElse(null);
        Assumptions.assumeTrue(binary != null, "dnsmasq is not installed (apt-get install dnsmasq): skipping the client end-to-end tests");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--no-resolv", "--no-hosts",
            "--conf-file=/dev/null", "--listen-address=" + host.getHostAddress(), "--bind-interfaces", "--port=" + port,
            "--local=/net/", "--local=/org/", "--local=/test/", "--pid-file="));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        command.addAll(records);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        DnsServer server = new DnsServer(process, host, port);
        server.awaitAnswers();
        return server;
    }

    /** HOST:PORT, as the command line's --resolver takes it. */
    String address() {
        return host.getHostAddress() + ":" + port;
    }

    /** Sends a bare query (root SOA) until dnsmasq answers anything. */
    private void awaitAnswers() throws IOException, InterruptedException {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1};
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException("dnsmasq exited with status " + process.exitValue());
                }
                socket.send(new DatagramPacket(query, query.length, host, port));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    Thread.sleep(50);
                }
            }
        }
        close();
        throw new IOException("dnsmasq did not answer on " + address());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
