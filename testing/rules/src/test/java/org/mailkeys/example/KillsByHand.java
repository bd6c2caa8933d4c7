package org.mailkeys.example;

/** What the rule forbids in a test: stopping processes by hand (the harness stops what it started). */
public final class KillsByHand {
    private KillsByHand() {
    }

    static void killChildren() {
        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
    }
}
