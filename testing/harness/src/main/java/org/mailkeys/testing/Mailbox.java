package org.mailkeys.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/**
 * The INBOX of one user, read over real IMAP with TLS (IMAPS, or IMAP and STARTTLS). A new connection per read, so
 * that waiting for mail is simply polling (Awaitility, no fixed sleeps).
 */
public final class Mailbox {
    /**
     * How long an answer may take. Reads time out after 10 s, well inside it: on a loaded machine one IMAP read
     * has been seen to stall until its time-out, and the next read then succeeds.
     */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final String protocol;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private Mailbox(String protocol, String host, int port, String user, String password) {
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** IMAPS on 127.0.0.1, with the account's password {@link TestAccounts#PASSWORD}. */
    public static Mailbox imaps(int port, String user) {
        return imaps(port, user, TestAccounts.PASSWORD);
    }

    /** IMAP with STARTTLS required on 127.0.0.1, with the account's password {@link TestAccounts#PASSWORD}. */
    public static Mailbox imapStartTls(int port, String user) {
        return imapStartTls(port, user, TestAccounts.PASSWORD);
    }

    /** IMAPS on 127.0.0.1. */
    public static Mailbox imaps(int port, String user, String password) {
        return new Mailbox("imaps", "127.0.0.1", port, user, password);
    }

    /** IMAP with STARTTLS required, on 127.0.0.1. */
    public static Mailbox imapStartTls(int port, String user, String password) {
        return new Mailbox("imap", "127.0.0.1", port, user, password);
    }

    /** The same mailbox on a server at another (loopback) address. */
    public Mailbox at(String otherHost) {
        return new Mailbox(protocol, otherHost, port, user, password);
    }

    public List<ReceivedMail> messages() throws MessagingException, IOException {
        return withInbox(Folder.READ_ONLY, inbox -> {
            List<ReceivedMail> mails = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                mails.add(new ReceivedMail(raw(message)));
            }
            return mails;
        });
    }

    /** The mail whose In-Reply-To names this Message-ID, once it has arrived. */
    public ReceivedMail awaitReplyTo(String messageId) {
        return await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
            .until(() -> replyTo(messageId), Optional::isPresent)
            .get();
    }

    /**
     * The mail whose In-Reply-To names this Message-ID, if the INBOX holds it now. A read that fails (a slow IMAP
     * answer on a loaded machine) is tried again: only a successful read says that no answer is there.
     */
    public Optional<ReceivedMail> currentReplyTo(String messageId) {
        return await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
            .until(() -> replyTo(messageId), anyResult -> true);
    }

    private Optional<ReceivedMail> replyTo(String messageId) throws MessagingException, IOException {
        for (ReceivedMail mail : messages()) {
            if (mail.inReplyTo().filter(messageId::equals).isPresent()) {
                return Optional.of(mail);
            }
        }
        return Optional.empty();
    }

    public ReceivedMail awaitMessageWithSubject(String subject) {
        return await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
            .until(() -> messages().stream().filter(mail -> subject.equals(mail.header("Subject").orElse(null))).findFirst(),
                Optional::isPresent)
            .get();
    }

    /**
     * Waits until the INBOX holds a mail, then returns the oldest one and deletes it, so that the next call returns
     * the next mail.
     */
    public ReceivedMail takeNext() {
        return await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(this::removeOldest, Optional::isPresent)
            .get();
    }

    private Optional<ReceivedMail> removeOldest() throws MessagingException, IOException {
        return withInbox(Folder.READ_WRITE, inbox -> {
            if (inbox.getMessageCount() == 0) {
                return Optional.empty();
            }
            Message oldest = inbox.getMessage(1);
            ReceivedMail mail = new ReceivedMail(raw(oldest));
            oldest.setFlag(Flags.Flag.DELETED, true);
            return Optional.of(mail);
        });
    }

    /** A new connection for each read: waiting for mail is then simply polling. Deleted mails go at the close. */
    private <T> T withInbox(int mode, InboxRead<T> read) throws MessagingException, IOException {
        Store store = session().getStore(protocol);
        store.connect(host, port, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(mode);
            try {
                return read.apply(inbox);
            } finally {
                inbox.close(mode == Folder.READ_WRITE);
            }
        } finally {
            store.close();
        }
    }

    private static byte[] raw(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        return raw.toByteArray();
    }

    @FunctionalInterface
    private interface InboxRead<T> {
        T apply(Folder inbox) throws MessagingException, IOException;
    }

    private Session session() {
        Properties properties = new Properties();
        // the test servers' certificate is self-signed
        properties.setProperty("mail." + protocol + ".ssl.trust", "*");
        properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "false");
        properties.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        properties.setProperty("mail." + protocol + ".timeout", "10000");
        if (protocol.equals("imap")) {
            properties.setProperty("mail.imap.starttls.enable", "true");
            properties.setProperty("mail.imap.starttls.required", "true");
        }
        return Session.getInstance(properties);
    }
}
