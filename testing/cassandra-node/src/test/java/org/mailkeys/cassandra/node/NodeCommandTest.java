package org.mailkeys.cassandra.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class NodeCommandTest {
    @Test
    void withoutOptionsTheNodeShouldStartANewClusterOn127001UnderVar() {
        NodeSettings settings = NodeCommand.parse().settings();

        assertThat(settings.ip()).isEqualTo("127.0.0.1");
        assertThat(settings.seeds()).containsExactly("127.0.0.1");
        assertThat(settings.nativePort()).isEqualTo(9042);
        assertThat(settings.folder()).isEqualTo(Path.of("var/cassandra-127.0.0.1").toAbsolutePath());
    }

    @Test
    void aSeedShouldMakeTheNodeJoinItsCluster() {
        NodeSettings settings = NodeCommand.parse("--address", "127.0.0.2", "--seed", "127.0.0.1", "--var", "/srv/var")
            .settings();

        assertThat(settings.ip()).isEqualTo("127.0.0.2");
        assertThat(settings.seeds()).containsExactly("127.0.0.1");
        assertThat(settings.folder()).isEqualTo(Path.of("/srv/var/cassandra-127.0.0.2"));
    }

    @Test
    void badOptionsShouldBeRefusedWithTheirName() {
        assertThatThrownBy(() -> NodeCommand.parse("--address", "localhost")).hasMessageContaining("--address");
        assertThatThrownBy(() -> NodeCommand.parse("--address", "0.0.0.0")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> NodeCommand.parse("--address", "10.0.0.1")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> NodeCommand.parse("--seed", "127.0.0.256")).hasMessageContaining("--seed");
        assertThatThrownBy(() -> NodeCommand.parse("--address", "127.0.0.1/../../etc")).hasMessageContaining("--address");
        assertThatThrownBy(() -> NodeCommand.parse("--seed")).hasMessageContaining("missing value after --seed");
        assertThatThrownBy(() -> NodeCommand.parse("--port", "9043")).hasMessageContaining("unknown option --port");
    }

    @Test
    void gossipReportsShouldBecomePeerLines() {
        String log = "12:00:01 INFO [GossipStage:1] o.a.c.gms.Gossiper - Node /127.0.0.2:7000 is now part of the cluster\n"
            + "12:00:01 INFO [GossipStage:1] o.a.c.gms.Gossiper - InetAddress /127.0.0.2:7000 is now UP\n"
            + "12:05:00 INFO [GossipStage:1] o.a.c.gms.FailureDetector - InetAddress /127.0.0.2:7000 is now DOWN\n";

        assertThat(NodeCommand.peerChanges(log)).containsExactly("peer 127.0.0.2 is UP", "peer 127.0.0.2 is DOWN");
    }
}
