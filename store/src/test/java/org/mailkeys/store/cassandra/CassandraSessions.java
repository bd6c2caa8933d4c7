package org.mailkeys.store.cassandra;

import java.time.Duration;
import java.time.Instant;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;

/** For cluster tests: gossip saying a node is up is not enough, the driver must see it up before QUORUM works. */
public final class CassandraSessions {
    private CassandraSessions() {
    }

    /** Waits until the session knows {@code nodeCount} nodes and sees each of them up. */
    public static void awaitEveryNodeUp(CqlSession session, int nodeCount, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!everyNodeUp(session, nodeCount)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The driver does not see " + nodeCount + " nodes up within "
                    + timeout + ": " + session.getMetadata().getNodes().values());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean everyNodeUp(CqlSession session, int nodeCount) {
        return session.getMetadata().getNodes().size() == nodeCount
            && session.getMetadata().getNodes().values().stream().allMatch(node -> node.getState() == NodeState.UP);
    }
}
