package org.mailkeys.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * The user's INBOX over IMAP, as a source of answers: lists the mails that arrived since the last look,
 * waits for new ones (IDLE when the server offers it, else polling), and removes the answers it consumed
 * (UID EXPUNGE when the server has UIDPLUS; otherwise they are left flagged \Seen and \Deleted).
 */
final class AnswerMailbox implements AutoCloseable {
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration IDLE_SLICE = Duration.ofSeconds(10);

    private final Store store;
    private final IMAPFolder inbox;
    private final boolean idle;
    private final boolean uidPlus;
    private final ScheduledExecutorService waker;
    private final List<Message> consumed = new ArrayList<>();
    private long lastUid;

    /** A mail in the INBOX, with the headers that tell whether it may be an answer. */
    static final class Candidate {
        final Message message;
        final String inReplyTo;
        final String references;
        final String contentType;

        Candidate(Message message) throws MessagingException {
            this.message = message;
            this.inReplyTo = first(message.getHeader("In-Reply-To"));
            this.references = first(message.getHeader("References"));
            this.contentType = message.getContentType();
        }

        byte[] raw() throws MessagingException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        }

        private static String first(String[] values) {
            return values == null ? null : String.join(" ", values);
        }
    }

    AnswerMailbox(MailSessions.Prepared prepared, MailServer server, Credentials credentials) throws MessagingException {
        this.store = prepared.session.getStore("imap");
        store.connect(prepared.connectHost, server.port(), credentials.user(), credentials.password());
        this.inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        IMAPStore imap = (IMAPStore) store;
        this.idle = imap.hasCapability("IDLE");
        this.uidPlus = imap.hasCapability("UIDPLUS");
        this.waker = idle ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-idle-waker");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    boolean usesIdle() {
        return idle;
    }

    /**
     * The mails not flagged \Deleted that arrived since the previous call; on the first call, those received since
     * {@code since} (a day earlier, for clock and time zone differences), so a big INBOX is not read whole.
     */
    List<Candidate> newMails(Instant since) throws MessagingException {
        if (inbox.getMessageCount() == 0) {
            return List.of();
        }
        Message[] messages;
        long alreadyListed = lastUid; // "n:*" returns the last mail when none is newer: skip what was listed before
        if (lastUid == 0) {
            long uidNext = inbox.getUIDNext();
            messages = inbox.search(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(since.minus(Duration.ofDays(1)))));
            lastUid = Math.max(0, uidNext - 1); // later calls take everything above; duplicates are skipped below
        } else {
            messages = inbox.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID);
        }
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.CONTENT_INFO);
        profile.add("In-Reply-To");
        profile.add("References");
        inbox.fetch(messages, profile);
        List<Candidate> found = new ArrayList<>();
        for (Message message : messages) {
            if (message == null) {
                continue;
            }
            long uid = inbox.getUID(message);
            if (alreadyListed != 0 && uid <= alreadyListed) {
                continue;
            }
            lastUid = Math.max(lastUid, uid);
            if (!message.isSet(Flags.Flag.DELETED)) {
                found.add(new Candidate(message));
            }
        }
        return found;
    }

    void consume(Candidate candidate) throws MessagingException {
        candidate.message.setFlags(new Flags(Flags.Flag.SEEN), true);
        candidate.message.setFlag(Flags.Flag.DELETED, true);
        consumed.add(candidate.message);
    }

    /**
     * Removes the consumed answers now (UID EXPUNGE with UIDPLUS; else they stay flagged \Deleted), so that a
     * connection kept open for days does not hold on to them.
     */
    void expungeConsumed() throws MessagingException {
        if (!consumed.isEmpty() && uidPlus) {
            inbox.expunge(consumed.toArray(new Message[0]));
        }
        consumed.clear();
    }

    /** Returns when something may have arrived, or after at most {@code atMost}. */
    void waitForMail(Duration atMost) throws MessagingException, InterruptedException {
        if (atMost.isNegative() || atMost.isZero()) {
            return;
        }
        if (!idle) {
            Thread.sleep(Math.min(atMost.toMillis(), POLL_INTERVAL.toMillis()));
            return;
        }
        long slice = Math.min(atMost.toMillis(), IDLE_SLICE.toMillis());
        // another thread using the folder ends the IDLE (Jakarta Mail's documented behaviour)
        ScheduledFuture<?> wake = waker.schedule(this::noop, slice, TimeUnit.MILLISECONDS);
        try {
            inbox.idle(true);
        } finally {
            wake.cancel(false);
        }
    }

    private void noop() {
        try {
            inbox.doCommand(protocol -> {
                protocol.noop();
                return null;
            });
        } catch (MessagingException e) {
            // the next look at the mailbox reports a broken connection
        }
    }

    @Override
    public void close() throws MessagingException {
        try {
            if (!consumed.isEmpty() && uidPlus) {
                inbox.expunge(consumed.toArray(new Message[0]));
            }
            if (inbox.isOpen()) {
                inbox.close(false);
            }
        } finally {
            if (waker != null) {
                waker.shutdownNow();
            }
            store.close();
        }
    }
}
