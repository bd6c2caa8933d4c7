package org.mailkeys.example;

/** What the rule allows: no process in sight (a test that starts programs calls org.mailkeys.testing.Command). */
public final class UsesTheHarness {
    private UsesTheHarness() {
    }

    static String describe() {
        return "started by the harness";
    }
}
