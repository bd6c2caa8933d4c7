package org.mailkeys.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.ImapArrival;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;

/**
 * Send to readable, one mail at a time, over a few mailboxes each watched by a kept-open IMAPS connection. Every
 * message that arrives in a watched INBOX is read, in order: the round trip ends at the one that IS the mail sent
 * (same Message-ID) or the answer to the request sent (In-Reply-To its Message-ID, MAC verified). A message that
 * repeats a mail or an answer already seen in that INBOX is a duplicate stored by James (its MailDispatcher retries a
 * delivery that failed half-way, see {@link ImapArrival}) and is counted, not hidden; any other message is an error.
 */
final class RoundTrips implements AutoCloseable {
    private final BenchmarkJames james;
    private final List<String> users;
    private final ImapArrival[] watches;
    /** Per mailbox: the number of the next message not read yet. */
    private final int[] nextUnread;
    /** Per mailbox: the Message-IDs of the mails sent there whose arrival (or answer) has been seen. */
    private final List<Set<String>> arrived = new ArrayList<>();
    private int duplicates;
    /** EXISTS answers James' IMAP server lost, counted by the watches replaced after a failure. */
    private int lostExistsOfReplacedWatches;
    /** Every round trip measured, in order, with what happened during it (for finding where a tail comes from). */
    private final List<RoundTripSample> samples = new ArrayList<>();

    RoundTrips(BenchmarkJames james, List<String> users) throws Exception {
        this.james = james;
        this.users = users;
        this.watches = new ImapArrival[users.size()];
        this.nextUnread = new int[users.size()];
        try {
            for (int i = 0; i < users.size(); i++) {
                watches[i] = ImapArrival.connect(james.imapsPort(), users.get(i));
                nextUnread[i] = watches[i].count() + 1;
                arrived.add(new HashSet<>());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Sends {@code mail} (whose reader is user {@code mailbox}) and returns the milliseconds until it, or its verified
     * answer, was fetched. An IMAP connection that fails while waiting (a read timing out on a loaded machine) is
     * opened again and the wait goes on: the sample then counts the reconnection too, on either side.
     */
    double measure(SmtpSession session, int mailbox, OutgoingMail mail) throws Exception {
        int lostBefore = lostExists();
        long gcBefore = RoundTripSample.gcMillisSoFar();
        long start = System.nanoTime();
        session.send(mail.sender(), mail.recipient(), mail.raw());
        while (true) {
            ReceivedMail received;
            try {
                received = new ReceivedMail(fetchNext(mailbox));
            } catch (IllegalStateException late) {
                throw new IllegalStateException("waiting in " + users.get(mailbox) + "'s INBOX for " + mail.messageId()
                    + (mail.kAuth() == null ? "" : "'s answer") + " from " + mail.sender() + ": " + late.getMessage(), late);
            }
            String repeats = mail.kAuth() == null ? received.header("Message-ID").orElse("") : received.inReplyTo().orElse("");
            if (repeats.equals(mail.messageId())) {
                double millis = (System.nanoTime() - start) / 1e6;
                if (mail.kAuth() != null) {
                    KeyAnswer answer = received.answer();
                    RetrievalBenchmark.check(answer instanceof KeyAnswer.KeyFound && ((KeyAnswer.KeyFound) answer).verifies(mail.kAuth()),
                        "answer to this request is the key with a MAC that verifies: " + answer);
                }
                if (mail.sender().equals(BenchmarkJames.TWO_PASS_SENDER)) {
                    RetrievalBenchmark.check(received.header("Return-Path").orElse("").contains(OutgoingMail.PEER),
                        "the two-pass mail was resent by James as a new mail (its Return-Path is Resend's reversePath)");
                }
                arrived.get(mailbox).add(mail.messageId());
                samples.add(new RoundTripSample(RoundTripSample.Side.of(mail), samples.size(), millis,
                    lostExists() - lostBefore, RoundTripSample.gcMillisSoFar() - gcBefore));
                return millis;
            }
            RetrievalBenchmark.check(isDuplicate(mailbox, received), "a message that is neither the mail sent, nor the "
                + "answer to the request sent, nor a duplicate of an earlier one arrived in " + users.get(mailbox)
                + "'s INBOX: Message-ID " + received.header("Message-ID").orElse("none") + ", In-Reply-To "
                + received.inReplyTo().orElse("none") + " (waiting for " + mail.messageId() + ")");
            duplicates++;
        }
    }

    /** Messages James stored twice (or answered twice) during the round trips. */
    int duplicates() {
        return duplicates;
    }

    /** New messages James' IMAP server did not announce to a selected INBOX (see {@link ImapArrival}). */
    int lostExists() {
        int lost = lostExistsOfReplacedWatches;
        for (ImapArrival watch : watches) {
            lost += watch.reselections();
        }
        return lost;
    }

    /** The round trips measured so far, in the order they were made. */
    List<RoundTripSample> samples() {
        return List.copyOf(samples);
    }

    private boolean isDuplicate(int mailbox, ReceivedMail received) {
        Set<String> seen = arrived.get(mailbox);
        return seen.contains(received.header("Message-ID").orElse("")) || seen.contains(received.inReplyTo().orElse(""));
    }

    private byte[] fetchNext(int mailbox) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                byte[] raw = watches[mailbox].await(nextUnread[mailbox], Mailbox.ANSWER_TIMEOUT);
                nextUnread[mailbox]++;
                return raw;
            } catch (MessagingException | IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                lostExistsOfReplacedWatches += watches[mailbox].reselections();
                closeQuietly(watches[mailbox]);
                watches[mailbox] = ImapArrival.connect(james.imapsPort(), users.get(mailbox));
            }
        }
    }

    @Override
    public void close() {
        for (ImapArrival watch : watches) {
            if (watch != null) {
                closeQuietly(watch);
            }
        }
    }

    private static void closeQuietly(ImapArrival watch) {
        try {
            watch.close();
        } catch (IOException ignored) {
            // the connection failed already, or is no longer needed
        }
    }
}
