package org.mailkeys.cassandra.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class NodeSettingsTest {
    @Test
    void yamlShouldPutTheNodeOnItsAddressAndPortsWithEverythingUnderItsFolder() {
        NodeSettings settings = new NodeSettings("127.0.0.2", Path.of("/var/lib/cassandra/node2"), List.of("127.0.0.1"),
            17000, 19042, 42L, 512);

        String yaml = settings.yaml();

        assertThat(yaml).contains("listen_address: 127.0.0.2", "rpc_address: 127.0.0.2", "storage_port: 17000",
            "native_transport_port: 19042", "initial_token: 42", "seeds: \"127.0.0.1:17000\"",
            "commitlog_directory: /var/lib/cassandra/node2/commitlog", "  - /var/lib/cassandra/node2/data", "auto_bootstrap: false");
    }

    @Test
    void aNodeOnStandardPortsShouldLetCassandraChooseItsTokensInItsOwnCluster() {
        NodeSettings settings = NodeSettings.onStandardPorts("127.0.0.2", Path.of("/var/lib/cassandra/node2"),
            List.of("127.0.0.1"));

        String yaml = settings.yaml();

        assertThat(yaml).contains("cluster_name: mailkeys\n", "num_tokens: 16", "storage_port: 7000",
            "native_transport_port: 9042", "seeds: \"127.0.0.1:7000\"", "listen_address: 127.0.0.2")
            .doesNotContain("initial_token", NodeSettings.CLUSTER_NAME);
        assertThat(settings.initialToken()).isEmpty();
    }

    @Test
    void singleNodeShouldSeedItself() {
        NodeSettings settings = NodeSettings.singleNode("127.0.0.1", Path.of("/var/lib/cassandra/node"));

        assertThat(settings.seeds()).containsExactly("127.0.0.1");
        assertThat(settings.storagePort()).isNotEqualTo(settings.nativePort());
    }

    @Test
    void tokensShouldBeSpreadEvenlyOverTheRing() {
        assertThat(CassandraCluster.evenlySpacedToken(0, 2)).isEqualTo(Long.MIN_VALUE);
        assertThat(CassandraCluster.evenlySpacedToken(1, 2)).isBetween(-2L, 0L);
        assertThat(CassandraCluster.evenlySpacedToken(1, 3)).isLessThan(CassandraCluster.evenlySpacedToken(2, 3));
        assertThat(CassandraCluster.evenlySpacedToken(2, 3)).isGreaterThan(Long.MAX_VALUE / 4);
    }

    @Test
    void classPathShouldHoldCassandraAndJamm() {
        assertThat(CassandraNode.cassandraClassPath())
            .anyMatch(jar -> jar.contains("cassandra-all-4.1.10"))
            .anyMatch(jar -> jar.contains("jamm-"));
    }
}
