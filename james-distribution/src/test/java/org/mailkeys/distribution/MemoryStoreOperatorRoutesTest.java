package org.mailkeys.distribution;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The operator routes with the memory key store. */
class MemoryStoreOperatorRoutesTest extends OperatorRoutesContract {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailKeysProperties(mailKeysProperties("store=memory"));

    @RegisterExtension
    static JamesServerExtension james = MailKeysServer.perClass(RUNTIME);

    @TempDir
    static Path scratch;
    private static GnuPG gnupg;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        addDomainsAndUsers(server);
        gnupg = new GnuPG(scratch.resolve("users"));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        gnupg.close();
    }

    @Override
    ListenerPorts ports() {
        return RUNTIME.ports();
    }

    @Override
    GnuPG gnupg() {
        return gnupg;
    }

    @Override
    Path scratch() {
        return scratch;
    }
}
