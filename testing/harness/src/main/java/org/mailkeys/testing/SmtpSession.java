package org.mailkeys.testing;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.TrustManager;

import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.commons.net.util.TrustManagerUtils;

/**
 * A real SMTP client session, always over TLS: STARTTLS on the MX and submission ports, implicit TLS on the
 * submissions port. Without a trust manager the server's certificate is not checked (the test servers' certificates
 * are self-signed); pass one (e.g. {@link TestTrust#keystore}) to check it.
 */
public final class SmtpSession implements Closeable {
    private static final String CLIENT_NAME = "client.acme.test";
    private static final String LOOPBACK = "127.0.0.1";
    /** Generous: the build machines are shared and slow. */
    private static final int TIMEOUT_MILLIS = 30_000;

    private final AuthenticatingSMTPClient client;
    private List<String> ehloLines;

    private SmtpSession(AuthenticatingSMTPClient client) {
        this.client = client;
    }

    /** STARTTLS to 127.0.0.1, any certificate accepted. */
    public static SmtpSession startTls(int port) throws IOException {
        return startTls(LOOPBACK, port, TrustManagerUtils.getAcceptAllTrustManager());
    }

    /**
     * STARTTLS to 127.0.0.1 from another loopback address ({@code 127.0.0.2}, say: Linux routes all of 127/8 to the
     * loopback interface), for tests where the server must see two clients.
     */
    public static SmtpSession startTlsFrom(String localAddress, int port) throws IOException {
        SmtpSession session = connect(LOOPBACK, port, TrustManagerUtils.getAcceptAllTrustManager(), false,
            java.net.InetAddress.getByName(localAddress));
        if (!session.client.execTLS()) {
            throw new IOException("STARTTLS refused: " + session.client.getReplyString());
        }
        session.ehlo();
        return session;
    }

    public static SmtpSession startTls(String host, int port, TrustManager trust) throws IOException {
        SmtpSession session = connect(host, port, trust, false);
        if (!session.client.execTLS()) {
            throw new IOException("STARTTLS refused: " + session.client.getReplyString());
        }
        session.ehlo();
        return session;
    }

    /** A session in clear text: no STARTTLS, for tests of what a listener does before TLS. */
    public static SmtpSession plain(int port) throws IOException {
        return connect(LOOPBACK, port, TrustManagerUtils.getAcceptAllTrustManager(), false);
    }

    /** Implicit TLS to 127.0.0.1, any certificate accepted. */
    public static SmtpSession implicitTls(int port) throws IOException {
        return implicitTls(LOOPBACK, port, TrustManagerUtils.getAcceptAllTrustManager());
    }

    public static SmtpSession implicitTls(String host, int port, TrustManager trust) throws IOException {
        return connect(host, port, trust, true);
    }

    /** Connected, greeted and EHLO said; over TLS already when {@code implicit}. */
    private static SmtpSession connect(String host, int port, TrustManager trust, boolean implicit) throws IOException {
        return connect(host, port, trust, implicit, null);
    }

    /** As above, from {@code localAddress} when it is not null. */
    private static SmtpSession connect(String host, int port, TrustManager trust, boolean implicit,
                                       java.net.InetAddress localAddress) throws IOException {
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", implicit);
        client.setTrustManager(trust);
        client.setDefaultTimeout(TIMEOUT_MILLIS);
        SmtpSession session = new SmtpSession(client);
        if (localAddress == null) {
            client.connect(host, port);
        } else {
            client.connect(java.net.InetAddress.getByName(host), port, localAddress, 0);
        }
        // Nagle's algorithm off, as mail programs have it: with it on, the EHLO written right after the TLS
        // handshake waits for the server's delayed ACK, about 40 ms per connection (BENCHMARKS.md, "Publication")
        client.setTcpNoDelay(true);
        session.expectPositive("greeting");
        session.ehlo();
        return session;
    }

    /** The reply code to {@code RCPT TO} after {@code MAIL FROM:<sender> SIZE=<declaredSize>} (RFC 1870). */
    int rcptReplyDeclaringSize(String envelopeSender, String recipient, long declaredSize) throws IOException {
        client.reset();
        if (!SMTPReply.isPositiveCompletion(client.mail("<" + envelopeSender + "> SIZE=" + declaredSize))) {
            return client.getReplyCode();
        }
        return client.rcpt("<" + recipient + ">");
    }

    /** The EHLO reply lines after TLS, e.g. to see whether AUTH is offered. */
    public List<String> ehloLines() {
        return ehloLines;
    }

    public SmtpSession authenticate(String user, String password) throws IOException {
        try {
            if (!client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, user, password)) {
                throw new IOException("AUTH refused: " + client.getReplyString());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return this;
    }

    /** The reply code to {@code AUTH PLAIN} with the credentials as initial response (RFC 4954, RFC 4616). */
    public int authPlainReply(String user, String password) throws IOException {
        String credentials = "\0" + user + "\0" + password;
        return client.sendCommand("AUTH", "PLAIN " + java.util.Base64.getEncoder()
            .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The reply code to {@code AUTH LOGIN} with the user name as initial response, then the password if asked. */
    public int authLoginReply(String user, String password) throws IOException {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        int reply = client.sendCommand("AUTH", "LOGIN " + base64.encodeToString(user.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (reply == 334) {
            reply = client.sendCommand(base64.encodeToString(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return reply;
    }

    /**
     * Sends one message; {@code envelopeSender} empty means the null sender {@code MAIL FROM:<>}.
     * @throws IOException naming the refused command and the server's reply
     */
    public SmtpSession send(String envelopeSender, String recipient, String rawMessage) throws IOException {
        client.reset();
        if (!client.setSender(envelopeSender)) {
            throw new IOException("MAIL FROM refused: " + client.getReplyString());
        }
        if (!client.addRecipient(recipient)) {
            throw new IOException("RCPT TO refused: " + client.getReplyString());
        }
        if (!client.sendShortMessageData(rawMessage)) {
            throw new IOException("DATA refused: " + client.getReplyString());
        }
        return this;
    }

    /** Sends one message as {@link #send} does, and returns the reply code to the end of DATA, whatever it is. */
    public int dataReply(String envelopeSender, String recipient, String rawMessage) throws IOException {
        client.reset();
        if (!client.setSender(envelopeSender)) {
            throw new IOException("MAIL FROM refused: " + client.getReplyString());
        }
        if (!client.addRecipient(recipient)) {
            throw new IOException("RCPT TO refused: " + client.getReplyString());
        }
        client.sendShortMessageData(rawMessage);
        return client.getReplyCode();
    }

    /** The reply code to {@code RCPT TO}, after a MAIL FROM that must succeed. */
    public int rcptReply(String envelopeSender, String recipient) throws IOException {
        client.reset();
        if (!client.setSender(envelopeSender)) {
            throw new IOException("MAIL FROM refused: " + client.getReplyString());
        }
        return client.rcpt("<" + recipient + ">");
    }

    /** The reply code to {@code RCPT TO} after {@code MAIL FROM:<sender> SIZE=<size>} (RFC 1870), which must succeed. */
    public int rcptReplyDeclaringSize(String envelopeSender, long size, String recipient) throws IOException {
        client.reset();
        if (!SMTPReply.isPositiveCompletion(client.mail("<" + envelopeSender + "> SIZE=" + size))) {
            throw new IOException("MAIL FROM refused: " + client.getReplyString());
        }
        return client.rcpt("<" + recipient + ">");
    }

    /**
     * Sends a mail of about {@code bodyBytes} bytes without declaring its SIZE, streaming lines of 76 letters, and
     * returns the reply code to the end of DATA. MAIL FROM, every RCPT TO and DATA itself must succeed.
     */
    public int dataReplyStreaming(String envelopeSender, List<String> recipients, String headers, long bodyBytes)
        throws IOException {
        client.reset();
        if (!client.setSender(envelopeSender)) {
            throw new IOException("MAIL FROM refused: " + client.getReplyString());
        }
        for (String recipient : recipients) {
            if (!client.addRecipient(recipient)) {
                throw new IOException("RCPT TO refused: " + client.getReplyString());
            }
        }
        java.io.Writer data = client.sendMessageData();
        if (data == null) {
            throw new IOException("DATA refused: " + client.getReplyString());
        }
        String line = "x".repeat(76) + "\r\n";
        data.write(headers);
        data.write("\r\n");
        for (long sent = 0; sent < bodyBytes; sent += line.length()) {
            data.write(line);
        }
        data.close();
        client.completePendingCommand();
        return client.getReplyCode();
    }

    public String lastReply() {
        return client.getReplyString();
    }

    @Override
    public void close() throws IOException {
        if (client.isConnected()) {
            try {
                client.logout();
            } finally {
                client.disconnect();
            }
        }
    }

    private void ehlo() throws IOException {
        client.ehlo(CLIENT_NAME);
        expectPositive("EHLO");
        ehloLines = Arrays.asList(client.getReplyStrings());
    }

    private void expectPositive(String step) throws IOException {
        if (!SMTPReply.isPositiveCompletion(client.getReplyCode())) {
            throw new IOException(step + " failed: " + client.getReplyString());
        }
    }
}
