package org.mailkeys.client.agent;

import java.time.Duration;

/**
 * Work the agent repeats on its scheduler thread, beside its own (publication, contacts): e.g. checking the
 * transparency log's proofs for the owner's label. Registered with {@link MailKeysAgent#addJob} before the start;
 * a job's failure is logged and the job runs again at its next time.
 */
public interface AgentJob {
    String name();

    Duration interval();

    void run() throws Exception;
}
