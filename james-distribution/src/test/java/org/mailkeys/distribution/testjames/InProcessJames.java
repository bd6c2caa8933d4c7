package org.mailkeys.distribution.testjames;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.GuiceProbe;

import org.mailkeys.distribution.ListenerPorts;

/** A James running in this JVM ({@link TestJames#startInThisJvm}); its probes reach inside it. */
public final class InProcessJames extends JamesWithShippedListeners {
    private final GuiceJamesServer server;

    InProcessJames(GuiceJamesServer server, ListenerPorts ports) {
        super(ports);
        this.server = server;
    }

    public <T extends GuiceProbe> T probe(Class<T> probe) {
        return server.getProbe(probe);
    }

    /** Not possible in this JVM: a test that kills James starts it with {@link TestJames#script} or as a node. */
    @Override
    public void kill() {
        throw new UnsupportedOperationException("a James in the test's own JVM cannot be killed: start it as a process");
    }

    /** James logs to the test's console. */
    @Override
    public String log() {
        return "";
    }

    @Override
    public void close() {
        server.stop();
    }
}
