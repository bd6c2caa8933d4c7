package org.mailkeys.distribution.testjames;

import org.mailkeys.distribution.ListenerPorts;

/** A James whose listeners are the distribution's six ({@link ListenerPorts}), wherever they were moved. */
public abstract class JamesWithShippedListeners implements RunningJames {
    private final ListenerPorts ports;

    JamesWithShippedListeners(ListenerPorts ports) {
        this.ports = ports;
    }

    public final ListenerPorts ports() {
        return ports;
    }

    @Override
    public final int mxPort() {
        return ports.smtpMx;
    }

    @Override
    public final int submissionPort() {
        return ports.submission;
    }

    @Override
    public final int imapPort() {
        return ports.imap;
    }

    @Override
    public final int webAdminPort() {
        return ports.webAdmin;
    }
}
