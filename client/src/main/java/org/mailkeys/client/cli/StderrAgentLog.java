package org.mailkeys.client.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.mailkeys.client.agent.AgentLog;

/** The agent's log on standard error, one line each with the UTC time, for a terminal or a service manager's journal. */
final class StderrAgentLog implements AgentLog {
    private final PrintStream err;
    private final boolean quiet;
    private final Clock clock;

    StderrAgentLog(PrintStream err, boolean quiet, Clock clock) {
        this.err = err;
        this.quiet = quiet;
        this.clock = clock;
    }

    @Override
    public void info(String message) {
        if (!quiet) {
            print("", message);
        }
    }

    @Override
    public void warn(String message) {
        print("warning: ", message);
    }

    private synchronized void print(String level, String message) {
        err.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + level + message);
        err.flush();
    }
}
