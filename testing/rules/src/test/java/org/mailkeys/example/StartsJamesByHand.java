package org.mailkeys.example;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;

/** What the rule forbids in a test: a James of its own making, beside TestJames (each way is one violation). */
public final class StartsJamesByHand {
    private StartsJamesByHand() {
    }

    static GuiceJamesServer memoryServer(MemoryJamesConfiguration configuration) {
        return MemoryJamesServerMain.createServer(configuration);
    }

    static GuiceJamesServer guiceServer(MemoryJamesConfiguration configuration) {
        return GuiceJamesServer.forConfiguration(configuration);
    }

    static JamesServerExtension extension() {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> null).build();
    }
}
