package org.mailkeys.distribution;

import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.RunArgumentsModule;
import org.apache.james.modules.server.JMXServerModule;

/**
 * The server of {@code bin/mailkeys-server}: James' memory server, started as {@link MemoryJamesServerMain#main}
 * starts it, except that domains and users outlive a restart ({@link DurableDomainsAndUsersModule}), as the keys
 * in the MailKeys file store do. Without that, a restart forgets the domains while the keys are still there, and
 * the next request to {@code keys@} is refused as relaying, which reads as "not supported".
 */
public final class MailKeysServerMain {
    private MailKeysServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ExtraProperties.initialize();
        // Derby writes its own log beside the database, not into the current folder
        System.setProperty("derby.stream.error.file", System.getProperty("working.directory", ".") + "/logs/derby.log");

        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .useWorkingDirectoryEnvProperty()
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration)
            .combineWith(new FakeSearchMailboxModule(), new JMXServerModule())
            .overrideWith(new RunArgumentsModule(args), new DurableDomainsAndUsersModule());

        JamesServerMain.main(server);
    }
}
