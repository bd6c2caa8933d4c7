package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several {@link CassandraNode}s forming one cluster on 127.0.0.1, 127.0.0.2, ... (Linux routes all of 127.0.0.0/8
 * to loopback, so no address setup is needed). Tokens are spread evenly, so with replication factor N every node
 * holds every row. {@link #start} returns once every node takes CQL connections and gossip on every node reports
 * every other node up; a test should still wait until its driver sees every node up (see
 * {@link #awaitUntil}) before it relies on a consistency level that needs them.
 */
public final class CassandraCluster implements AutoCloseable {
    private static final Duration GOSSIP_TIMEOUT = Duration.ofSeconds(90);

    private final List<NodeSettings> settings;
    private final List<CassandraNode> nodes;
    /** Per observer and peer, where in the observer's log news about the peer's current run begins. */
    private final long[][] logOffsets;

    private CassandraCluster(List<NodeSettings> settings, List<CassandraNode> nodes) {
        this.settings = settings;
        this.nodes = nodes;
        this.logOffsets = new long[settings.size()][settings.size()];
    }

    /** Starts {@code size} nodes under {@code folder} (one sub-folder each) and waits until they form a cluster. */
    public static CassandraCluster start(Path folder, int size) throws IOException {
        List<String> ips = IntStream.rangeClosed(1, size).mapToObj(i -> "127.0.0." + i).collect(Collectors.toList());
        int[] ports = FreePorts.on(ips, 2);
        List<NodeSettings> settings = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            settings.add(new NodeSettings(ips.get(i), folder.resolve("node" + (i + 1)), List.of(ips.get(0)),
                ports[0], ports[1], evenlySpacedToken(i, size), NodeSettings.DEFAULT_HEAP_MEGABYTES));
        }
        List<CassandraNode> nodes = new ArrayList<>();
        CassandraCluster cluster = new CassandraCluster(settings, nodes);
        try {
            // The seed first: the others give up when no seed answers gossip for too long.
            nodes.add(CassandraNode.launch(settings.get(0)));
            awaitPort(settings.get(0).ip(), settings.get(0).storagePort(), nodes.get(0));
            for (NodeSettings other : settings.subList(1, size)) {
                nodes.add(CassandraNode.launch(other));
            }
            for (CassandraNode node : nodes) {
                node.awaitNativePort(CassandraNode.START_TIMEOUT);
            }
            cluster.awaitGossipSeesEveryNodeUp();
        } catch (IOException | RuntimeException e) {
            cluster.kill();
            throw e;
        }
        return cluster;
    }

    public List<CassandraNode> nodes() {
        return List.copyOf(nodes);
    }

    public CassandraNode node(int index) {
        return nodes.get(index);
    }

    /** The CQL port, the same on every node. */
    public int nativePort() {
        return settings.get(0).nativePort();
    }

    /** Contact points as {@code ip:port}. */
    public List<String> contactPoints() {
        return settings.stream().map(node -> node.ip() + ":" + node.nativePort()).collect(Collectors.toList());
    }

    /** Starts a stopped or killed node again with its data, and waits for its CQL port. */
    public CassandraNode restart(int index) throws IOException {
        if (nodes.get(index).isRunning()) {
            throw new IllegalStateException("Node " + index + " is still running");
        }
        // Older lines about this node, in its own log and the others', describe its previous run.
        for (int other = 0; other < nodes.size(); other++) {
            logOffsets[other][index] = logSize(nodes.get(other));
            logOffsets[index][other] = logSize(nodes.get(index));
        }
        CassandraNode node = CassandraNode.start(settings.get(index));
        nodes.set(index, node);
        return node;
    }

    /** Waits until the condition holds, for example "the driver sees every node up". */
    public static void awaitUntil(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Condition not met within " + timeout);
            }
            CassandraNode.sleep(Duration.ofMillis(250));
        }
    }

    /** Waits until the log of every running node reports every other running node up. */
    public void awaitGossipSeesEveryNodeUp() {
        awaitUntil(this::gossipSeesEveryNodeUp, GOSSIP_TIMEOUT);
    }

    /** Waits until the log of every other running node reports the node down, for example after {@code kill()}. */
    public void awaitGossipSeesNodeDown(int index) {
        awaitUntil(() -> IntStream.range(0, nodes.size())
            .filter(observer -> observer != index && nodes.get(observer).isRunning())
            .allMatch(observer -> lastGossipState(observer, index).equals("DOWN")), GOSSIP_TIMEOUT);
    }

    private boolean gossipSeesEveryNodeUp() {
        for (int observer = 0; observer < nodes.size(); observer++) {
            for (int peer = 0; peer < nodes.size(); peer++) {
                if (observer != peer && nodes.get(observer).isRunning() && nodes.get(peer).isRunning()
                    && !lastGossipState(observer, peer).equals("UP")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "UP", "DOWN" or "" as the observer's log last reported the peer's current run. */
    private String lastGossipState(int observer, int peer) {
        CassandraNode peerNode = nodes.get(peer);
        String peerName = "/" + peerNode.ip() + ":" + peerNode.settings().storagePort();
        Path logFile = nodes.get(observer).logFile();
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(logOffsets[observer][peer], bytes.length);
            String log = new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1);
            int up = log.lastIndexOf(peerName + " is now UP");
            int down = log.lastIndexOf(peerName + " is now DOWN");
            if (up < 0 && down < 0) {
                return "";
            }
            return up > down ? "UP" : "DOWN";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every node gracefully. */
    @Override
    public void close() {
        nodes.parallelStream().forEach(CassandraNode::close);
    }

    /** Kills every node. */
    public void kill() {
        nodes.parallelStream().forEach(CassandraNode::kill);
    }

    private static long logSize(CassandraNode node) {
        try {
            return Files.exists(node.logFile()) ? Files.size(node.logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long evenlySpacedToken(int index, int size) {
        // Murmur3 tokens run from Long.MIN_VALUE to Long.MAX_VALUE; long arithmetic wraps, and the sum is in range.
        long step = Long.MAX_VALUE / size * 2;
        return Long.MIN_VALUE + index * step;
    }

    private static void awaitPort(String ip, int port, CassandraNode node) throws IOException {
        Instant deadline = Instant.now().plus(CassandraNode.START_TIMEOUT);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, port), 1000);
                return;
            } catch (IOException e) {
                if (!node.isRunning() || Instant.now().isAfter(deadline)) {
                    throw new IOException("Cassandra on " + ip + " did not open its storage port:\n"
                        + CassandraNode.tail(node.logFile()), e);
                }
                CassandraNode.sleep(Duration.ofMillis(250));
            }
        }
    }
}
