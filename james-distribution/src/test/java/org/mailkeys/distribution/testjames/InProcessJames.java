package org.mailkeys.distribution.testjames;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.GuiceProbe;

import org.mailkeys.distribution.ListenerPorts;

/** A James running in this JVM ({@link TestJames#startInThisJvm}); its probes reach inside it. */
public final class InProcessJames implements RunningJames {
    private final GuiceJamesServer server;
    private final ListenerPorts ports;

    InProcessJames(GuiceJamesServer server, ListenerPorts ports) {
        this.server = server;
        this.ports = ports;
    }

    public ListenerPorts ports() {
        return ports;
    }

    public <T extends GuiceProbe> T probe(Class<T> probe) {
        return server.getProbe(probe);
    }

    @Override
    public int mxPort() {
        return ports.smtpMx;
    }

    @Override
    public int submissionPort() {
        return ports.submission;
    }

    @Override
    public int imapPort() {
        return ports.imap;
    }

    @Override
    public int webAdminPort() {
        return ports.webAdmin;
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
