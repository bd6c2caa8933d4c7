package org.mailkeys.store.cassandra;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.cassandra.node.CassandraNode;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.mailkeys.store.wks.WebKeyServiceStoreContract;

import com.datastax.oss.driver.api.core.CqlSession;

/** The Web Key Service state contract against a real Cassandra 4.1 node, forked once for the whole class. */
class CassandraWebKeyServiceStoreTest extends WebKeyServiceStoreContract {
    @TempDir
    static Path folder;
    static CassandraNode node;
    static CassandraKeyStore keyStore;
    static CqlSession adminSession;

    @BeforeAll
    static void startCassandra() throws IOException {
        node = CassandraNode.start("127.0.0.1", folder.resolve("cassandra"));
        CassandraKeyStoreConfiguration configuration = CassandraKeyStoreConfiguration.builder()
            .contactPoints(List.of(node.ip() + ":" + node.nativePort()))
            .build();
        keyStore = CassandraKeyStoreFactory.open(configuration);
        adminSession = CqlSession.builder()
            .addContactPoint(new java.net.InetSocketAddress(node.ip(), node.nativePort()))
            .withLocalDatacenter(configuration.localDatacenter())
            .withKeyspace(configuration.keyspace())
            .build();
        CassandraSessions.awaitEveryNodeUp(adminSession, 1, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopCassandra() {
        if (adminSession != null) {
            adminSession.close();
        }
        if (keyStore != null) {
            keyStore.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void empty() {
        adminSession.execute("TRUNCATE " + CassandraWebKeyServiceTables.SUBMISSION_KEYS);
        adminSession.execute("TRUNCATE " + CassandraWebKeyServiceTables.PENDING);
    }

    @Override
    protected WebKeyServiceStore store() {
        return keyStore.webKeyServiceState();
    }
}
