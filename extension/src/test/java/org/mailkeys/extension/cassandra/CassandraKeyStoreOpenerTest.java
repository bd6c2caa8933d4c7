package org.mailkeys.extension.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.extension.MailKeysModule;
import org.mailkeys.mailets.JamesConfFolder;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.cassandra.CassandraKeyStore;
import org.mailkeys.store.log.LoggedKeyStore;
import org.mailkeys.extension.log.KeyLogLifecycle;
import org.mailkeys.store.cassandra.CassandraSessions;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;

/**
 * store=cassandra as James builds it: MailKeysModule in a child injector of a "server" injector, the startable
 * creating the table. Against a real Cassandra 4.1 node of the class's own.
 */
class CassandraKeyStoreOpenerTest {
    private static final String JAMES_KEYSPACE = "james_keyspace";

    @TempDir
    static Path folder;
    @RegisterExtension
    static CassandraNodeExtension cassandra = CassandraNodeExtension.perClass();
    /** Stands for the session a Cassandra-backed James binds, on its own keyspace. */
    static CqlSession jamesSession;

    @BeforeAll
    static void createJamesKeyspace() throws Exception {
        // a generous ceiling for the keyspace's creation, which outlasted the driver's default 2 s on a loaded machine
        try (CqlSession admin = sessionBuilder().withConfigLoader(DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60)).build()).build()) {
            CassandraSessions.awaitEveryNodeUp(admin, 1, Duration.ofSeconds(30));
            admin.execute("CREATE KEYSPACE IF NOT EXISTS " + JAMES_KEYSPACE
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
        jamesSession = sessionBuilder().withKeyspace(JAMES_KEYSPACE).build();
    }

    @AfterAll
    static void closeJamesSession() {
        if (jamesSession != null) {
            jamesSession.close();
        }
    }

    @Test
    void anOwnSessionShouldCreateItsKeyspaceAndTableAndStoreKeys() throws Exception {
        Injector extensions = extensionInjector(folder.resolve("own"), serverWithoutCassandra(),
            "store=cassandra",
            "store.cassandra.session=own",
            "store.cassandra.contact.points=" + cassandra.contactPoint(),
            "store.cassandra.keyspace=mailkeys_own",
            "store.cassandra.consistency.read=ONE");

        extensions.getInstance(CreateCassandraKeyTable.class).start();
        KeyStore store = extensions.getInstance(KeyStore.class);

        // every writer goes through the key log, whose tables share the store's keyspace
        assertThat(((LoggedKeyStore) store).unlogged()).isInstanceOf(CassandraKeyStore.class);
        assertThat(jamesSession.refreshSchema().getKeyspace("mailkeys_own")
            .flatMap(keyspace -> keyspace.getTable("mailkeys_keys"))).isPresent();
        assertThat(jamesSession.refreshSchema().getKeyspace("mailkeys_own")
            .flatMap(keyspace -> keyspace.getTable("mailkeys_log_batches"))).isPresent();
        assertStoresAndFinds(store, "alice@example.net");
        extensions.getInstance(KeyLogLifecycle.class).close();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void jamesSessionShouldBeReusedWithTheTableInJamesKeyspace() throws Exception {
        Injector extensions = extensionInjector(folder.resolve("james"),
            binder -> binder.bind(CqlSession.class).toInstance(jamesSession),
            "store=cassandra",
            "store.cassandra.session=james",
            "store.cassandra.consistency.read=ONE");

        extensions.getInstance(CreateCassandraKeyTable.class).start();
        KeyStore store = extensions.getInstance(KeyStore.class);

        assertThat(jamesSession.refreshSchema().getKeyspace(JAMES_KEYSPACE)
            .flatMap(keyspace -> keyspace.getTable("mailkeys_keys"))).isPresent();
        assertStoresAndFinds(store, "bob@example.net");
        extensions.getInstance(KeyLogLifecycle.class).close();
        ((LoggedKeyStore) store).close();
        assertThat(jamesSession.isClosed()).as("James' session stays open").isFalse();
    }

    @Test
    void jamesSessionOnAJamesWithoutCassandraShouldFailTheStartNamingTheOtherChoice() throws Exception {
        Injector extensions = extensionInjector(folder.resolve("no-cassandra"), serverWithoutCassandra(),
            "store=cassandra", "store.cassandra.session=james");

        assertThatThrownBy(() -> extensions.getInstance(CreateCassandraKeyTable.class).start())
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("store.cassandra.session=own");
    }

    @Test
    void aBadSessionValueShouldFailNamingTheKey() throws Exception {
        Injector extensions = extensionInjector(folder.resolve("bad-session"), serverWithoutCassandra(),
            "store=cassandra", "store.cassandra.session=shared");

        assertThatThrownBy(() -> extensions.getInstance(KeyStore.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("store.cassandra.session")
            .hasMessageContaining("shared");
    }

    @Test
    void theStartableShouldLeaveOtherStoresAlone() throws Exception {
        Injector extensions = extensionInjector(folder.resolve("memory"), serverWithoutCassandra(), "store=memory");

        extensions.getInstance(CreateCassandraKeyTable.class).start();

        assertThat(extensions.getInstance(KeyStore.class)).isNotInstanceOf(CassandraKeyStore.class);
    }

    @Test
    void theSessionShouldDefaultToOwn() throws ConfigurationException {
        assertThat(CassandraStoreSettings.from(new java.util.Properties()).session())
            .isEqualTo(CassandraStoreSettings.Session.OWN);
    }

    private static void assertStoresAndFinds(KeyStore store, String address) {
        byte[] keyBytes = {(byte) 0x98, 0x33, 0x04};
        StoredKey key = new StoredKey(address, keyBytes, "A869D709E618223FDA3E59FF8C159D4DDAB2D358",
            Instant.now().truncatedTo(ChronoUnit.MILLIS), 1);

        assertThat(store.put(key).block()).isEqualTo(WriteOutcome.APPLIED);
        assertThat(store.find(address).block().keyBytes()).isEqualTo(keyBytes);
    }

    private static Module serverWithoutCassandra() {
        return binder -> {
        };
    }

    /** Like James: the server's injector, then a child with the extension modules of extensions.properties. */
    private static Injector extensionInjector(Path workingDirectory, Module server, String... properties)
        throws Exception {
        Injector serverInjector = Guice.createInjector(server, JamesConfFolder.in(workingDirectory, properties),
            binder -> binder.bind(DomainList.class).toInstance(new FakeDomainList("example.net")));
        return serverInjector.createChildInjector(new MailKeysModule());
    }

    private static com.datastax.oss.driver.api.core.CqlSessionBuilder sessionBuilder() {
        return CqlSession.builder()
            .addContactPoint(new InetSocketAddress(cassandra.node().ip(), cassandra.node().nativePort()))
            .withLocalDatacenter("datacenter1");
    }
}
