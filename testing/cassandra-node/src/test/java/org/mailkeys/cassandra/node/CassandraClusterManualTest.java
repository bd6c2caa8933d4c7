package org.mailkeys.cassandra.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts real nodes: slow, so it runs only when asked, with {@code -Dmailkeys.cassandra.manual=true}. The store and
 * distribution tests use real nodes every build.
 */
@EnabledIfSystemProperty(named = "mailkeys.cassandra.manual", matches = "true")
class CassandraClusterManualTest {
    @TempDir
    Path folder;

    @Test
    void twoNodesShouldFormAClusterAndStop() throws Exception {
        long started = System.nanoTime();
        try (CassandraCluster cluster = CassandraCluster.start(folder, 2)) {
            System.out.printf("cluster of two formed in %d ms%n", (System.nanoTime() - started) / 1_000_000);

            assertThat(cluster.nodes()).allMatch(CassandraNode::isRunning);

            long stopping = System.nanoTime();
            cluster.node(1).kill();
            System.out.printf("kill -9 took %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            assertThat(cluster.node(1).isRunning()).isFalse();
            long restarting = System.nanoTime();
            cluster.restart(1);
            cluster.awaitGossipSeesEveryNodeUp();
            System.out.printf("restart and rejoin took %d ms%n", (System.nanoTime() - restarting) / 1_000_000);
        }
    }

    @Test
    void oneNodeShouldStartAndStop() throws Exception {
        long started = System.nanoTime();
        CassandraNode node = CassandraNode.start("127.0.0.1", folder.resolve("single"));
        System.out.printf("one node took CQL connections after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        long stopping = System.nanoTime();
        node.stop();
        System.out.printf("SIGTERM stop took %d ms%n", (System.nanoTime() - stopping) / 1_000_000);

        assertThat(node.isRunning()).isFalse();
    }
}
