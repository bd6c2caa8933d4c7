package org.mailkeys.cassandra.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** How to run one test node: where it lives, which loopback address and ports it takes, and its place in the ring. */
public final class NodeSettings {
    public static final int DEFAULT_HEAP_MEGABYTES = 512;
    public static final String CLUSTER_NAME = "mailkeys-test";
    /** The cluster of {@code bin/mailkeys-cassandra}: not the tests' name, so the two never gossip together. */
    public static final String COMMAND_LINE_CLUSTER_NAME = "mailkeys";
    /** Cassandra's own ports, as {@code bin/mailkeys-cassandra} uses them on each node's address. */
    public static final int STANDARD_STORAGE_PORT = 7000;
    public static final int STANDARD_NATIVE_PORT = 9042;
    /** Cassandra 4.1's default token count, for nodes that choose their own tokens. */
    private static final int VIRTUAL_NODES = 16;

    private final String ip;
    private final Path folder;
    private final List<String> seeds;
    private final int storagePort;
    private final int nativePort;
    private final Long initialToken;
    private final int heapMegabytes;
    private final String clusterName;

    public NodeSettings(String ip, Path folder, List<String> seeds, int storagePort, int nativePort,
                        long initialToken, int heapMegabytes) {
        this(ip, folder, seeds, storagePort, nativePort, Long.valueOf(initialToken), heapMegabytes, CLUSTER_NAME);
    }

    private NodeSettings(String ip, Path folder, List<String> seeds, int storagePort, int nativePort,
                         Long initialToken, int heapMegabytes, String clusterName) {
        this.ip = Objects.requireNonNull(ip);
        this.folder = folder.toAbsolutePath();
        this.seeds = List.copyOf(seeds);
        this.storagePort = storagePort;
        this.nativePort = nativePort;
        this.initialToken = initialToken;
        this.heapMegabytes = heapMegabytes;
        this.clusterName = clusterName;
    }

    /**
     * A node of {@code bin/mailkeys-cassandra}: Cassandra's standard ports on its own address, so that every node of
     * a cluster on one machine has the same ports; tokens chosen by Cassandra at first start (kept in its data), so
     * that nodes started one by one need no plan of the ring.
     */
    public static NodeSettings onStandardPorts(String ip, Path folder, List<String> seeds) {
        return new NodeSettings(ip, folder, seeds, STANDARD_STORAGE_PORT, STANDARD_NATIVE_PORT, null,
            DEFAULT_HEAP_MEGABYTES, COMMAND_LINE_CLUSTER_NAME);
    }

    /** A node alone in its cluster, on free ports of its address. */
    public static NodeSettings singleNode(String ip, Path folder) {
        int[] ports = FreePorts.on(List.of(ip), 2);
        return new NodeSettings(ip, folder, List.of(ip), ports[0], ports[1], 0L, DEFAULT_HEAP_MEGABYTES);
    }

    public String ip() {
        return ip;
    }

    public Path folder() {
        return folder;
    }

    public List<String> seeds() {
        return seeds;
    }

    public int storagePort() {
        return storagePort;
    }

    /** The CQL port clients connect to. */
    public int nativePort() {
        return nativePort;
    }

    /** The node's single token, or empty when Cassandra chooses its tokens ({@link #onStandardPorts}). */
    public java.util.OptionalLong initialToken() {
        return initialToken == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(initialToken);
    }

    public String clusterName() {
        return clusterName;
    }

    public int heapMegabytes() {
        return heapMegabytes;
    }

    /** A cassandra.yaml for a small, fast-starting test node (Cassandra 4.1 setting names). */
    String yaml() {
        String seedList = String.join(",", seeds.stream().map(seed -> seed + ":" + storagePort)
            .toArray(String[]::new));
        String tokens = initialToken == null
            ? "num_tokens: " + VIRTUAL_NODES
            : "num_tokens: 1\ninitial_token: " + initialToken;
        return String.join("\n",
            "cluster_name: " + clusterName,
            tokens,
            "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
            "endpoint_snitch: SimpleSnitch",
            "seed_provider:",
            "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
            "    parameters:",
            "      - seeds: \"" + seedList + "\"",
            "listen_address: " + ip,
            "rpc_address: " + ip,
            "storage_port: " + storagePort,
            "native_transport_port: " + nativePort,
            "start_native_transport: true",
            "auto_bootstrap: false",
            "authenticator: AllowAllAuthenticator",
            "authorizer: AllowAllAuthorizer",
            "data_file_directories:",
            "  - " + folder.resolve("data"),
            "commitlog_directory: " + folder.resolve("commitlog"),
            "hints_directory: " + folder.resolve("hints"),
            "saved_caches_directory: " + folder.resolve("saved_caches"),
            "cdc_raw_directory: " + folder.resolve("cdc_raw"),
            "commitlog_sync: periodic",
            "commitlog_sync_period_in_ms: 10000",
            "commitlog_segment_size_in_mb: 8",
            // two shared cores: give Paxos rounds under contention and slow writes room before they time out
            "cas_contention_timeout_in_ms: 5000",
            "write_request_timeout_in_ms: 5000",
            "read_request_timeout_in_ms: 5000",
            "concurrent_compactors: 1",
            // tests truncate tables between cases: no snapshot per truncate
            "auto_snapshot: false",
            "");
    }
}
