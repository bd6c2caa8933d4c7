package org.mailkeys.example;

import java.io.IOException;

/** What the rule forbids in a test: {@code Runtime.exec}, the older way of starting a program by hand. */
public final class ExecsByHand {
    private ExecsByHand() {
    }

    static void start() throws IOException {
        Runtime.getRuntime().exec(new String[] {"true"}).getInputStream().close();
    }
}
