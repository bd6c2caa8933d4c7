package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/mailkeys-cassandra}: one real Cassandra node in the foreground, started by the same {@link CassandraNode}
 * code as the tests' nodes, on Cassandra's standard ports of one loopback address.
 *
 * <pre>
 * bin/mailkeys-cassandra [--address 127.0.0.1] [--seed 127.0.0.1] [--var var]
 * </pre>
 *
 * Data and logs go to {@code <var>/cassandra-<address>/}; a node started again on the same folder keeps its data.
 * Prints the contact point once CQL takes connections, then the peers that gossip reports up or down. Ctrl-C (or
 * SIGTERM) stops the node gracefully. Exit status: 0 after a stop, 1 if the node could not start or died, 2 on a
 * usage error.
 */
public final class NodeCommand {
    static final String NAME = "mailkeys-cassandra";
    private static final Pattern GOSSIP = Pattern.compile("/([0-9.]+):\\d+ is now (UP|DOWN)");
    private static final String USAGE = "usage: bin/mailkeys-cassandra [--address 127.0.0.1] [--seed <address>]"
        + " [--var <folder>]\n"
        + "  --address  loopback address of this node; CQL on its port 9042 (default 127.0.0.1)\n"
        + "  --seed     address of a running node to join (default: this node starts a new cluster)\n"
        + "  --var      where the node's folder cassandra-<address> goes (default var)";

    private final String address;
    private final String seed;
    private final Path folder;
    /** Set when this JVM is shutting down: the node's exit is then the expected one. */
    private volatile boolean stopping;

    NodeCommand(String address, String seed, Path folder) {
        this.address = address;
        this.seed = seed;
        this.folder = folder;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        NodeCommand command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(command.run());
    }

    static NodeCommand parse(String... args) {
        String address = "127.0.0.1";
        String seed = null;
        Path var = Path.of("var");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--address":
                    address = loopback(value, option);
                    break;
                case "--seed":
                    seed = loopback(value, option);
                    break;
                case "--var":
                    var = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new NodeCommand(address, seed, var.resolve("cassandra-" + address).toAbsolutePath().normalize());
    }

    NodeSettings settings() {
        return NodeSettings.onStandardPorts(address, folder, List.of(seed == null ? address : seed));
    }

    private int run() throws InterruptedException {
        NodeSettings settings = settings();
        for (int port : new int[] {settings.storagePort(), settings.nativePort()}) {
            if (!isFree(address, port)) {
                say("port " + port + " on " + address + " is already in use: is a node running there?");
                return 1;
            }
        }
        say("starting Cassandra 4.1 on " + address + (seed == null ? " (a new cluster)" : ", joining " + seed)
            + "; data and logs in " + folder);
        CassandraNode node;
        try {
            node = CassandraNode.startStoppedWithThisJvm(settings);
        } catch (IOException | RuntimeException e) {
            say("Cassandra did not start: " + e.getMessage());
            return 1;
        }
        say("CQL ready at " + address + ":" + settings.nativePort() + " (Ctrl-C stops this node)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            say("stopping the node on " + address);
            node.stop();
            say("stopped");
        }, "report-stop"));
        Thread gossip = new Thread(() -> reportGossip(node.logFile()), "gossip-report");
        gossip.setDaemon(true);
        gossip.start();
        int status = node.awaitTermination();
        if (!stopping) {
            say("Cassandra on " + address + " exited with status " + status + "; its log: " + node.logFile());
        }
        return 1;
    }

    /** Follows the node's log and says when gossip sees a peer go up or down. */
    private void reportGossip(Path log) {
        long offset = 0;
        while (true) {
            try {
                if (Files.exists(log)) {
                    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                        if (file.length() < offset) {
                            offset = 0;
                        }
                        file.seek(offset);
                        byte[] bytes = new byte[(int) Math.min(file.length() - offset, 1 << 20)];
                        file.readFully(bytes);
                        String text = new String(bytes, StandardCharsets.ISO_8859_1);
                        int complete = text.lastIndexOf('\n') + 1;
                        offset += complete;
                        for (String line : peerChanges(text.substring(0, complete))) {
                            say(line);
                        }
                    }
                }
                Thread.sleep(500);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** "peer 127.0.0.2 is UP" for each gossip report in these log lines. */
    static List<String> peerChanges(String logLines) {
        List<String> changes = new ArrayList<>();
        Matcher matcher = GOSSIP.matcher(logLines);
        while (matcher.find()) {
            changes.add("peer " + matcher.group(1) + " is " + matcher.group(2));
        }
        return changes;
    }

    private static boolean isFree(String ip, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback IPv4 address: the node runs without authentication, so it must not be reachable from elsewhere. */
    private static String loopback(String value, String option) {
        if (!value.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
            throw new IllegalArgumentException(option + " takes a loopback address 127.x.y.z (the node has no"
                + " authentication), not '" + value + "'");
        }
        return value;
    }

    private static void say(String line) {
        System.out.println(NAME + ": " + line);
        System.out.flush();
    }
}
