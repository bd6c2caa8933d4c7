package org.mailkeys.distribution.testjames;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import org.mailkeys.distribution.InboxCountProbe;
import org.mailkeys.distribution.ListenerPorts;
import org.mailkeys.distribution.MetricsProbe;
import org.mailkeys.distribution.RuntimeFolder;
import org.mailkeys.testing.TestAccounts;

/**
 * The one way tests and benchmarks start James (public in the distribution's test-jar); a build rule
 * (testing/rules, {@code TestCodeRules}) fails a test class that starts one otherwise. James runs in one of three ways:
 * <ul>
 *   <li>in this JVM, a Guice memory server configured from the distribution's files ({@link RuntimeFolder}):
 *   {@link #perClass}, {@link #onFolder}, {@link #startInThisJvm};</li>
 *   <li>as an operator runs it, {@code bin/mailkeys-server} in a JVM of its own with the extension in
 *   {@code extensions-jars/}: {@link #script};</li>
 *   <li>as a plain java process with the extension jar in {@code extensions-jars/}: a cluster node on Cassandra
 *   ({@link #clusterNode}), or James' stock distribution after the operator guide's step ({@link #stockDistribution}).</li>
 * </ul>
 * Whatever runs it, a test reaches it through {@link RunningJames}; each process is stopped, and everything it spawned,
 * by the harness ({@code org.mailkeys.testing.Command}) before the test's folders are removed.
 */
public final class TestJames {
    /** Hosted domains of the tests; requesters live at acme.test, which the server hosts too so that answers can be read. */
    public static final String DOMAIN = "example.net";
    public static final String REQUESTER_DOMAIN = "acme.test";
    public static final String PASSWORD = TestAccounts.PASSWORD;

    private TestJames() {
    }

    /** In this JVM: one server for the whole test class (JUnit's {@code @RegisterExtension static}). */
    public static JamesServerExtension perClass(RuntimeFolder runtime) {
        return perClassLaidOutBy(runtime::layOut);
    }

    /** As {@link #perClass}, and the server can count the mails in users' INBOXes ({@link InboxCountProbe}). */
    public static JamesServerExtension perClassWithInboxCounts(RuntimeFolder runtime) {
        return perClassLaidOutBy(runtime::layOut, inboxCounts());
    }

    /**
     * As {@link #perClass}, the runtime folder laid out by {@code layOut} in the extension's temporary folder when the
     * class starts (after the extensions registered before it, such as a Cassandra node whose address it names).
     */
    public static JamesServerExtension perClassLaidOutBy(Function<Path, MemoryJamesConfiguration> layOut, Module... overrides) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> layOut.apply(tmpDir.toPath()))
            .server(configuration -> create(configuration).overrideWith(overrides))
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    /** In this JVM: a server, not started, on a runtime folder the caller owns, for tests that stop and start it again. */
    public static GuiceJamesServer onFolder(RuntimeFolder runtime, Path root) {
        return create(runtime.layOut(root));
    }

    /**
     * In this JVM: a server, started, on a runtime folder laid out under {@code root}, the domains of the tests added
     * with {@code users}; {@code overrides} replace bindings of James' (for instance {@link #inboxCounts()}).
     */
    public static InProcessJames startInThisJvm(RuntimeFolder runtime, Path root, List<String> users, Module... overrides)
        throws Exception {
        GuiceJamesServer server = create(runtime.layOut(root)).overrideWith(overrides);
        server.start();
        try {
            addDomainsAndUsers(server, users.toArray(new String[0]));
        } catch (Exception | Error e) {
            server.stop();
            throw e;
        }
        return new InProcessJames(server, runtime.ports());
    }

    /** In this JVM: the server of a configuration the test laid out itself; its DNS knows the test domains only. */
    public static GuiceJamesServer create(MemoryJamesConfiguration configuration) {
        return withJamesDns(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(dns()));
    }

    /** In this JVM: a server that keeps James' own DNS service, asking the DNS servers its dnsservice.xml names. */
    public static GuiceJamesServer withJamesDns(MemoryJamesConfiguration configuration) {
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(MetricsProbe.class));
    }

    /** The probe counting mails in users' INBOXes inside the server ({@link InboxCountProbe}), as an override. */
    public static Module inboxCounts() {
        return binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(InboxCountProbe.class);
    }

    /** The domains and users every end-to-end test uses; passwords are {@link #PASSWORD}. */
    public static void addDomainsAndUsers(GuiceJamesServer server, String... addresses) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (String domain : new String[] {DOMAIN, REQUESTER_DOMAIN}) {
            if (!data.containsDomain(domain)) {
                data.addDomain(domain);
            }
        }
        for (String address : addresses) {
            data.addUser(address, PASSWORD);
        }
    }

    /**
     * bin/mailkeys-server on the runtime folder {@code runtime} (laid out by the script on its first start), not
     * started yet: its listeners on a port offset free now; {@link ScriptJames#start()} starts it, again after a stop.
     */
    public static ScriptJames script(Path runtime) {
        return ScriptJames.forRuntime(runtime);
    }

    /**
     * A cluster node, started: James' memory server as a plain java process installed in {@code folder}, the
     * extension jar in its extensions-jars/ and the Cassandra key store on {@code contactPoints}.
     *
     * @param retryDelay replaces the shipped 5 minutes between the retries of a request the store could not serve
     */
    public static JamesNode clusterNode(String name, Path folder, List<String> contactPoints, Duration retryDelay)
        throws IOException {
        return JamesNode.start(name, folder, contactPoints, retryDelay);
    }

    /**
     * James' stock distribution unpacked in {@code home} (its conf/ and extensions-jars/ as the test made them, its
     * listeners on {@code ports}), started as its README says: {@code java -jar} in its folder.
     */
    public static StockJames stockDistribution(Path home, String jar, ListenerPorts ports) throws IOException {
        return StockJames.start(home, jar, ports);
    }

    private static DNSService dns() {
        try {
            return new InMemoryDNSService()
                .registerMxRecord("localhost", "127.0.0.1")
                .registerMxRecord(DOMAIN, "127.0.0.1")
                .registerMxRecord(REQUESTER_DOMAIN, "127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
