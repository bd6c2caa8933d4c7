package org.mailkeys.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import com.sun.mail.imap.IMAPFolder;

/**
 * Benchmarks only: one user's INBOX, selected once and kept open for the connection's life, polled with NOOP until a
 * given message number exists, then that message fetched by number: the moment a MUA could read it.
 *
 * <p>The INBOX stays selected on purpose: James 3.8.1 registers a mailbox listener on every SELECT and unregisters it
 * on CLOSE, and its in-VM event bus races when that happens while a mail is being delivered
 * (a ConcurrentModificationException in InVMEventBus; MailDispatcher then retries and may store the mail twice).
 * Selecting and closing per message, as a watcher polling with STATUS must, provoked that race.
 *
 * <p>A kept-open INBOX meets another James 3.8.1 race instead, rarer: its IMAP server builds a NOOP's EXISTS answer
 * from a "size changed" flag and clears the flag afterwards (AbstractMailboxProcessor.unsolicitedResponses, then
 * SelectedMailbox.resetEvents), so a message added in between is never announced to that session. While it waits,
 * the watcher therefore also asks STATUS every {@link #STATUS_EVERY}; when STATUS has the message and the open INBOX
 * still does not, it selects the INBOX again (one listener churn, counted in {@link #reselections()}).
 */
public final class ImapArrival implements Closeable {
    static final Duration STATUS_EVERY = Duration.ofMillis(10);

    private final Store store;
    private final IMAPFolder inbox;
    private int reselections;

    private ImapArrival(Store store) throws MessagingException {
        this.store = store;
        this.inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        // STATUS goes over a second connection of the store's own (the selected INBOX holds the first): open it
        // now, not in the first wait that needs it, where its TLS handshake and login would count as the mail's
        statusCount();
    }

    public static ImapArrival connect(int imapsPort, String user) throws MessagingException {
        return connect(imapsPort, user, TestAccounts.PASSWORD);
    }

    public static ImapArrival connect(int imapsPort, String user, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.setProperty("mail.imaps.ssl.trust", "*"); // the test server's certificate is self-signed
        properties.setProperty("mail.imaps.ssl.checkserveridentity", "false");
        properties.setProperty("mail.imaps.connectiontimeout", "10000");
        properties.setProperty("mail.imaps.timeout", "10000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("127.0.0.1", imapsPort, user, password);
        try {
            return new ImapArrival(store);
        } catch (MessagingException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Messages in the INBOX now. An explicit NOOP: the open folder learns of new messages from the server's untagged
     * EXISTS, and {@link IMAPFolder#getMessageCount()} alone sends a NOOP at most once a second.
     */
    public int count() throws MessagingException {
        inbox.doCommand(protocol -> {
            protocol.noop();
            return null;
        });
        return inbox.getMessageCount();
    }

    /** Waits (polling every millisecond) until message number {@code number} exists, and returns its raw bytes. */
    public byte[] await(int number, Duration timeout) throws MessagingException, IOException, InterruptedException {
        long[] nextStatus = {System.nanoTime() + STATUS_EVERY.toNanos()};
        try {
            // in the calling thread: the IMAP folder is not shared with Awaitility's poller
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).pollInSameThread()
                .until(() -> arrived(number, nextStatus));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("message " + number + " did not arrive within " + timeout + " (the open INBOX "
                + "knows of " + inbox.getMessageCount() + " messages, STATUS says " + statusCount() + ")", e);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        inbox.getMessage(number).writeTo(raw);
        return raw.toByteArray();
    }

    /** True once message {@code number} is in the open INBOX; selects the INBOX again when it missed an EXISTS. */
    private boolean arrived(int number, long[] nextStatus) throws MessagingException {
        if (count() >= number) {
            return true;
        }
        if (System.nanoTime() > nextStatus[0]) {
            if (statusCount() >= number && count() < number) {
                inbox.close(false);
                inbox.open(Folder.READ_ONLY);
                reselections++;
                return count() >= number;
            }
            nextStatus[0] = System.nanoTime() + STATUS_EVERY.toNanos();
        }
        return false;
    }

    /** How often the open INBOX missed a new message's EXISTS and was selected again (see the class comment). */
    public int reselections() {
        return reselections;
    }

    /** The INBOX's message count by STATUS, which reads the mailbox itself rather than what the open folder was told. */
    private int statusCount() throws MessagingException {
        return store.getFolder("INBOX").getMessageCount();
    }

    @Override
    public void close() throws IOException {
        try {
            if (inbox.isOpen()) {
                inbox.close(false);
            }
        } catch (MessagingException ignored) {
            // the store's close below ends the connection anyway
        } finally {
            try {
                store.close();
            } catch (MessagingException e) {
                throw new IOException(e);
            }
        }
    }
}
