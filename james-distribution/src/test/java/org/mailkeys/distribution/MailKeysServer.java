package org.mailkeys.distribution;

import java.net.UnknownHostException;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;

import com.google.inject.multibindings.Multibinder;
import org.mailkeys.testing.TestAccounts;

/**
 * A real James memory server in this JVM, configured from the distribution's files (see {@link RuntimeFolder}): the
 * one way the tests and the benchmarks start James in-process (public in the distribution's test-jar).
 */
public final class MailKeysServer {
    /** Hosted domains of the tests; requesters live at acme.test, which the server hosts too so that answers can be read. */
    public static final String DOMAIN = "example.net";
    public static final String REQUESTER_DOMAIN = "acme.test";
    public static final String PASSWORD = TestAccounts.PASSWORD;

    private MailKeysServer() {
    }

    /** One server for the whole test class (JUnit's {@code @RegisterExtension static}). */
    public static JamesServerExtension perClass(RuntimeFolder runtime) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> runtime.layOut(tmpDir.toPath()))
            .server(MailKeysServer::create)
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    /** One server for the whole test class that can also count the mails in users' INBOXes ({@link InboxCountProbe}). */
    public static JamesServerExtension perClassWithInboxCounts(RuntimeFolder runtime) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> runtime.layOut(tmpDir.toPath()))
            .server(configuration -> create(configuration)
                .combineWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(InboxCountProbe.class)))
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    /** A server on a runtime folder the caller owns, for tests that stop and start it again. */
    public static GuiceJamesServer onFolder(RuntimeFolder runtime, Path root) {
        return create(runtime.layOut(root));
    }

    public static GuiceJamesServer create(MemoryJamesConfiguration configuration) {
        return withJamesDns(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(dns()));
    }

    /** A server that keeps James' own DNS service: it asks the DNS servers its dnsservice.xml names, as in production. */
    public static GuiceJamesServer withJamesDns(MemoryJamesConfiguration configuration) {
        return MemoryJamesServerMain.createServer(configuration)
            .combineWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(MetricsProbe.class));
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
