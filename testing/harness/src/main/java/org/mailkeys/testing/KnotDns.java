package org.mailkeys.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real authoritative DNS server for tests: Knot DNS ({@code knotd}) on a given loopback address and port,
 * serving zones the test writes, DNSSEC-signed where asked with the real tools (a key from {@code ldns-keygen},
 * signatures from {@code ldns-signzone}). {@link #trustAnchors()} is the DS records of the signed zones, in the
 * form {@code mailkeys --trust-anchors} takes. A zone can be broken after signing ({@link Zone#tamperedAfterSigning}),
 * which makes its answers bogus as a forger's would be. Tests that need it are skipped, with a message, when Knot
 * or ldnsutils is not installed.
 */
public final class KnotDns implements AutoCloseable {
    private final RunningProgram process;
    private final InetAddress host;
    private final int port;
    private final Path trustAnchors;
    private final Path folder;

    private KnotDns(RunningProgram process, InetAddress host, int port, Path trustAnchors, Path folder) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.trustAnchors = trustAnchors;
        this.folder = folder;
    }

    /** One zone: its origin, its records in zone file syntax (names relative to the origin or absolute). */
    public static final class Zone {
        final String origin;
        final List<String> records;
        final boolean signed;
        final UnaryOperator<String> afterSigning;

        private Zone(String origin, List<String> records, boolean signed, UnaryOperator<String> afterSigning) {
            this.origin = origin;
            this.records = List.copyOf(records);
            this.signed = signed;
            this.afterSigning = afterSigning;
        }

        public static Zone unsigned(String origin, List<String> records) {
            return new Zone(origin, records, false, UnaryOperator.identity());
        }

        public static Zone signed(String origin, List<String> records) {
            return new Zone(origin, records, true, UnaryOperator.identity());
        }

        /** Signed, then the signed zone file changed by {@code change}: records whose signatures no longer fit. */
        public static Zone tamperedAfterSigning(String origin, List<String> records, UnaryOperator<String> change) {
            return new Zone(origin, records, true, change);
        }
    }

    /** Knot on {@code host:port}, serving {@code zones}; its files in {@code folder}. */
    public static KnotDns start(InetAddress host, int port, Path folder, List<Zone> zones) throws IOException, InterruptedException {
        Optional<Path> knotd = ExternalPrograms.executable("knotd");
        Optional<Path> signer = ExternalPrograms.executable("ldns-signzone");
        Prerequisites.require(knotd.isPresent() && signer.isPresent() && ExternalPrograms.executable("ldns-keygen").isPresent(),
                "Knot DNS or ldnsutils is not installed (apt-get install knot ldnsutils): skipping the DNSSEC tests");
        Files.createDirectories(folder);
        StringBuilder anchors = new StringBuilder();
        StringBuilder zoneConfig = new StringBuilder();
        for (Zone zone : zones) {
            Path file = folder.resolve(zone.origin + ".zone");
            Files.writeString(file, zoneFile(zone), StandardCharsets.US_ASCII);
            if (zone.signed) {
                String key = ExternalPrograms.run(folder, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", zone.origin).strip();
                ExternalPrograms.run(folder, "ldns-signzone", file.getFileName().toString(), key);
                Path signed = folder.resolve(zone.origin + ".zone.signed");
                Files.writeString(signed, zone.afterSigning.apply(Files.readString(signed, StandardCharsets.US_ASCII)),
                        StandardCharsets.US_ASCII);
                file = signed;
                anchors.append(Files.readString(folder.resolve(key + ".ds"), StandardCharsets.US_ASCII));
            }
            zoneConfig.append("  - domain: ").append(zone.origin).append("\n    file: \"").append(file).append("\"\n");
        }
        Path trustAnchors = folder.resolve("trust-anchors.ds");
        Files.writeString(trustAnchors, anchors.toString(), StandardCharsets.US_ASCII);
        Path config = folder.resolve("knot.conf");
        Files.writeString(config, "server:\n    rundir: \"" + folder + "\"\n    listen: " + host.getHostAddress() + "@" + port + "\n"
                + "control:\n    listen: \"" + folder.resolve("knot.sock") + "\"\n"
                + "database:\n    storage: \"" + folder + "\"\n"
                + "template:\n  - id: default\n    storage: \"" + folder + "\"\n    zonefile-sync: -1\n"
                + "    zonefile-load: whole\n    journal-content: none\n    semantic-checks: off\n"
                + "zone:\n" + zoneConfig, StandardCharsets.US_ASCII);
        RunningProgram process = Command.of(knotd.get().toString(), "-c", config.toString())
                .outputTo(folder.resolve("knot.log")).start();
        KnotDns server = new KnotDns(process, host, port, trustAnchors, folder);
        for (Zone zone : zones) {
            server.awaitZone(zone.origin);
        }
        return server;
    }

    private static String zoneFile(Zone zone) {
        StringBuilder text = new StringBuilder("$ORIGIN ").append(zone.origin).append(".\n$TTL 300\n")
                .append("@ SOA ns.").append(zone.origin).append(". hostmaster.").append(zone.origin).append(". 1 3600 600 86400 300\n")
                .append("@ NS ns.").append(zone.origin).append(".\n")
                .append("ns A 127.0.0.1\n");
        zone.records.forEach(record -> text.append(record).append('\n'));
        return text.toString();
    }

    /** The address it listens on, e.g. {@code 127.0.0.53}. */
    public String hostAddress() {
        return host.getHostAddress();
    }

    public int port() {
        return port;
    }

    /** DS records of every signed zone: the test's DNSSEC trust anchors. */
    public Path trustAnchors() {
        return trustAnchors;
    }

    /** Asks for the zone's SOA until Knot answers it with NOERROR (the zone is loaded). */
    private void awaitZone(String origin) throws IOException, InterruptedException {
        byte[] query = soaQuery(origin);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IOException("knotd exited with status " + process.exitValue() + ": "
                            + Files.readString(folder.resolve("knot.log"), StandardCharsets.UTF_8));
                }
                socket.send(new DatagramPacket(query, query.length, host, port));
                DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(answer);
                    return answer.getLength() > 3 && (answer.getData()[3] & 0x0F) == 0;
                } catch (SocketTimeoutException e) {
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IOException("Knot did not serve " + origin + " on port " + port, e);
        }
    }

    private static byte[] soaQuery(String origin) {
        List<Byte> bytes = new ArrayList<>(List.of((byte) 0x4d, (byte) 0x4b, (byte) 0, (byte) 0, (byte) 0, (byte) 1,
                (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0));
        for (String label : origin.split("\\.")) {
            bytes.add((byte) label.length());
            for (byte b : label.getBytes(StandardCharsets.US_ASCII)) {
                bytes.add(b);
            }
        }
        bytes.addAll(List.of((byte) 0, (byte) 0, (byte) 6, (byte) 0, (byte) 1));
        byte[] query = new byte[bytes.size()];
        for (int i = 0; i < query.length; i++) {
            query[i] = bytes.get(i);
        }
        return query;
    }

    @Override
    public void close() {
        process.close();
    }
}
