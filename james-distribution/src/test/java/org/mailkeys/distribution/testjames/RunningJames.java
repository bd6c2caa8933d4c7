package org.mailkeys.distribution.testjames;

import java.io.IOException;

import org.mailkeys.testing.WebAdmin;

/**
 * What a test needs of any James it started through {@link TestJames}, however it runs (in this JVM, as
 * bin/mailkeys-server, as a plain java process): its listeners, its WebAdmin, a graceful stop and, for a separate
 * process, a kill.
 */
public interface RunningJames extends AutoCloseable {
    /** The MX listener (SMTP, STARTTLS offered, no AUTH). */
    int mxPort();

    /** The submission listener (SMTP, STARTTLS, AUTH). */
    int submissionPort();

    /** The IMAP listener (STARTTLS). */
    int imapPort();

    int webAdminPort();

    default WebAdmin webAdmin() {
        return new WebAdmin(webAdminPort());
    }

    /** Adds the domain (if new) and the users through WebAdmin, as an operator does; passwords are {@link TestJames#PASSWORD}. */
    default void addDomainAndUsers(String domain, String... addresses) throws IOException, InterruptedException {
        WebAdmin webAdmin = webAdmin();
        webAdmin.addDomain(domain);
        for (String address : addresses) {
            webAdmin.addUser(address, TestJames.PASSWORD);
        }
    }

    /**
     * Stops James at once, without its shutdown work, as a power cut or the kernel's out-of-memory killer would
     * (SIGKILL); returns once it is gone. Only a James in a process of its own can be killed.
     */
    void kill();

    /** What James logged so far, where the test can read it; empty where it logs to the test's own console. */
    String log() throws IOException;

    /** Stops James as an operator does (SIGTERM for a process), killing it if it does not stop in time. */
    @Override
    void close();
}
