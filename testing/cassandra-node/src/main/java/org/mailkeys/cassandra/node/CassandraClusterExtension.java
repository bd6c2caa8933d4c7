package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Cassandra cluster of N nodes (127.0.0.1, 127.0.0.2, ...; see {@link CassandraCluster}) for a test class,
 * instead of a copied {@code @BeforeAll}:
 *
 * <pre>
 * &#64;RegisterExtension
 * static CassandraClusterExtension cassandra = CassandraClusterExtension.ofNodes(2);
 * ... cassandra.cluster().contactPoints(), cassandra.cluster().node(1).kill() ...
 * </pre>
 *
 * Started before the class, killed after it whatever the outcome; the nodes live in a temporary folder of the
 * extension's, removed once every node has exited. The class may kill, stop and restart nodes ({@link #cluster()}).
 * Register it before anything that connects to the cluster.
 */
public final class CassandraClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int size;
    private final Path keepLogsIn;
    private Path folder;
    private CassandraCluster cluster;

    private CassandraClusterExtension(int size, Path keepLogsIn) {
        this.size = size;
        this.keepLogsIn = keepLogsIn;
    }

    public static CassandraClusterExtension ofNodes(int size) {
        return new CassandraClusterExtension(size, null);
    }

    /** Copies each node's log to {@code folder} ({@code cassandra-node1.log}...) before its own folder is removed. */
    public CassandraClusterExtension keepingLogsIn(Path folder) {
        return new CassandraClusterExtension(size, folder);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = TestFolders.create("mailkeys-cassandra-cluster");
        try {
            cluster = CassandraCluster.start(folder, size);
        } catch (IOException | RuntimeException e) {
            TestFolders.delete(folder);
            folder = null;
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (folder == null) {
            return;
        }
        try {
            cluster.kill();
            if (keepLogsIn != null) {
                keepLogs();
            }
        } finally {
            TestFolders.delete(folder);
            folder = null;
            cluster = null;
        }
    }

    public CassandraCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("The cluster starts before the test class: register the extension static");
        }
        return cluster;
    }

    /** Contact points as {@code ip:port}. */
    public List<String> contactPoints() {
        return cluster().contactPoints();
    }

    private void keepLogs() throws IOException {
        Files.createDirectories(keepLogsIn);
        List<CassandraNode> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Path log = nodes.get(i).logFile();
            if (Files.exists(log)) {
                Files.copy(log, keepLogsIn.resolve("cassandra-node" + (i + 1) + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
