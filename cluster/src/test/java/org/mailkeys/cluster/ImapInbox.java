package org.mailkeys.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.imap.IMAPClient;
import org.awaitility.Awaitility;

/** Reads a user's INBOX over IMAP: waits for the next mail, returns it whole, and removes it. */
final class ImapInbox {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}\r\n");

    private ImapInbox() {
    }

    /** Waits until the INBOX holds a mail, then returns the first one (RFC 5322 text) and deletes it. */
    static String takeNext(int port, String user, String password, Duration timeout) throws IOException {
        IMAPClient client = new IMAPClient();
        client.setDefaultTimeout(30_000);
        client.connect("127.0.0.1", port);
        try {
            if (!client.login(user, password)) {
                throw new IOException("IMAP LOGIN refused: " + client.getReplyString());
            }
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> client.select("INBOX") && !client.getReplyString().contains("* 0 EXISTS"));
            if (!client.fetch("1", "(BODY.PEEK[])")) {
                throw new IOException("IMAP FETCH failed: " + client.getReplyString());
            }
            String message = literal(client.getReplyString());
            client.store("1", "+FLAGS", "(\\Deleted)");
            client.expunge();
            logout(client);
            return message;
        } finally {
            client.disconnect();
        }
    }

    /** James may close the connection right after LOGOUT, before its tagged answer arrives: that is fine here. */
    private static void logout(IMAPClient client) {
        try {
            client.logout();
        } catch (IOException e) {
            // the mail is read and deleted already
        }
    }

    private static String literal(String reply) throws IOException {
        Matcher matcher = LITERAL.matcher(reply);
        if (!matcher.find()) {
            throw new IOException("No message in the FETCH reply");
        }
        int length = Integer.parseInt(matcher.group(1));
        // the test mails are US-ASCII: one character per byte
        return reply.substring(matcher.end(), matcher.end() + length);
    }
}
