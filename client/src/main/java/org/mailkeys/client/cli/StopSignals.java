package org.mailkeys.client.cli;

import sun.misc.Signal;

/**
 * SIGTERM (a service manager's stop) and SIGINT (Ctrl-C) end the agent's wait, so that it stops its work, writes
 * its state and returns exit code 0: left to the JVM, SIGTERM would end the process with 143.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException e) {
                // not on this platform: the JVM's default applies
            }
        }
    }
}
