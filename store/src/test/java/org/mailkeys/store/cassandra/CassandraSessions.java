package org.mailkeys.store.cassandra;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;

/** For cluster tests: gossip saying a node is up is not enough, the driver must see it up before QUORUM works. */
public final class CassandraSessions {
    private CassandraSessions() {
    }

    /** Waits until the session knows {@code nodeCount} nodes and sees each of them up. */
    public static void awaitEveryNodeUp(CqlSession session, int nodeCount, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> everyNodeUp(session, nodeCount));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The driver does not see " + nodeCount + " nodes up within "
                + timeout + ": " + session.getMetadata().getNodes().values(), e);
        }
    }

    private static boolean everyNodeUp(CqlSession session, int nodeCount) {
        return session.getMetadata().getNodes().size() == nodeCount
            && session.getMetadata().getNodes().values().stream().allMatch(node -> node.getState() == NodeState.UP);
    }
}
