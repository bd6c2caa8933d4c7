package org.mailkeys.example;

import java.nio.file.Path;
import java.nio.file.Paths;

/** What the rule forbids in a test: bin/mailkeys-server named outside TestJames (to be run some other way). */
public final class RunsTheScriptByHand {
    private RunsTheScriptByHand() {
    }

    static Path script() {
        return Paths.get("../bin/mailkeys-server");
    }
}
