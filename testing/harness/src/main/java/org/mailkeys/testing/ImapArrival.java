package org.mailkeys.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/**
 * Benchmarks only: one user's INBOX over a kept-open IMAPS connection, polled with STATUS (no status cache) until a
 * given message number exists, then that message fetched: the moment a MUA could read it.
 */
public final class ImapArrival implements Closeable {
    private final Store store;
    private final Folder inbox;

    private ImapArrival(Store store) throws MessagingException {
        this.store = store;
        this.inbox = store.getFolder("INBOX");
    }

    public static ImapArrival connect(int imapsPort, String user) throws MessagingException {
        return connect(imapsPort, user, TestAccounts.PASSWORD);
    }

    public static ImapArrival connect(int imapsPort, String user, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.setProperty("mail.imaps.ssl.trust", "*"); // the test server's certificate is self-signed
        properties.setProperty("mail.imaps.ssl.checkserveridentity", "false");
        properties.setProperty("mail.imaps.statuscachetimeout", "0");
        properties.setProperty("mail.imaps.connectiontimeout", "10000");
        properties.setProperty("mail.imaps.timeout", "10000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("127.0.0.1", imapsPort, user, password);
        return new ImapArrival(store);
    }

    public int count() throws MessagingException {
        return inbox.getMessageCount();
    }

    /** Waits (polling every millisecond) until message number {@code number} exists, and returns its raw bytes. */
    public byte[] await(int number, Duration timeout) throws MessagingException, IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < number) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("message " + number + " did not arrive within " + timeout);
            }
            Thread.sleep(1);
        }
        inbox.open(Folder.READ_ONLY);
        try {
            Message message = inbox.getMessage(number);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            return raw.toByteArray();
        } finally {
            inbox.close(false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            store.close();
        } catch (MessagingException e) {
            throw new IOException(e);
        }
    }
}
