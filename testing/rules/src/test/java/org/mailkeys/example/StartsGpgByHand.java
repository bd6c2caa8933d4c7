package org.mailkeys.example;

import java.io.IOException;

/** What the rule forbids in a test: a program started by hand, outside the harness. */
public final class StartsGpgByHand {
    private StartsGpgByHand() {
    }

    static Process start() throws IOException {
        return new ProcessBuilder("gpg", "--version").start();
    }
}
