package org.mailkeys.client.agent;

/** Where the agent says what it does: standard error for a service manager's journal in the command line. */
public interface AgentLog {
    void info(String message);

    /** Something the user should act on, or know: shown even with {@code --quiet}. */
    void warn(String message);
}
