package org.mailkeys.distribution;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.utils.GuiceProbe;

/** Benchmarks only: how many mails the users' INBOXes hold, read inside the server, so that waiting for N deliveries costs no IMAP traffic. */
public class InboxCountProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;

    @Inject
    InboxCountProbe(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    public long total(Iterable<String> users) throws MailboxException {
        long total = 0;
        for (String user : users) {
            total += count(user);
        }
        return total;
    }

    private long count(String user) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        try {
            return mailboxManager.getMailbox(MailboxPath.inbox(session), session).getMessageCount(session);
        } catch (MailboxNotFoundException e) {
            return 0; // James creates the INBOX with the first delivery
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}
