package org.mailkeys.store.cassandra;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.mailkeys.store.wks.WebKeyServiceStoreContract;

import com.datastax.oss.driver.api.core.CqlSession;

/** The Web Key Service state contract against a real Cassandra 4.1 node, shared with the module's other Cassandra tests (own keyspace). */
class CassandraWebKeyServiceStoreTest extends WebKeyServiceStoreContract {
    @RegisterExtension
    static CassandraNodeExtension cassandra = CassandraNodeExtension.sharedInThisJvm();
    static CassandraKeyStore keyStore;
    static CqlSession adminSession;

    @BeforeAll
    static void openStore() {
        CassandraKeyStoreConfiguration configuration = StoreOnTestNode.configuration(cassandra).build();
        keyStore = CassandraKeyStoreFactory.open(configuration);
        adminSession = StoreOnTestNode.session(configuration);
    }

    @AfterAll
    static void closeStore() {
        if (adminSession != null) {
            adminSession.close();
        }
        if (keyStore != null) {
            keyStore.close();
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
