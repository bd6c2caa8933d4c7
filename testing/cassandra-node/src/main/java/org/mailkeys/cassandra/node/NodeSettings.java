package org.mailkeys.cassandra.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** How to run one test node: where it lives, which loopback address and ports it takes, and its place in the ring. */
public final class NodeSettings {
    public static final int DEFAULT_HEAP_MEGABYTES = 512;
    public static final String CLUSTER_NAME = "mailkeys-test";

    private final String ip;
    private final Path folder;
    private final List<String> seeds;
    private final int storagePort;
    private final int nativePort;
    private final long initialToken;
    private final int heapMegabytes;

    public NodeSettings(String ip, Path folder, List<String> seeds, int storagePort, int nativePort,
                        long initialToken, int heapMegabytes) {
        this.ip = Objects.requireNonNull(ip);
        this.folder = folder.toAbsolutePath();
        this.seeds = List.copyOf(seeds);
        this.storagePort = storagePort;
        this.nativePort = nativePort;
        this.initialToken = initialToken;
        this.heapMegabytes = heapMegabytes;
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

    public long initialToken() {
        return initialToken;
    }

    public int heapMegabytes() {
        return heapMegabytes;
    }

    /** A cassandra.yaml for a small, fast-starting test node (Cassandra 4.1 setting names). */
    String yaml() {
        String seedList = String.join(",", seeds.stream().map(seed -> seed + ":" + storagePort)
            .toArray(String[]::new));
        return String.join("\n",
            "cluster_name: " + CLUSTER_NAME,
            "num_tokens: 1",
            "initial_token: " + initialToken,
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
