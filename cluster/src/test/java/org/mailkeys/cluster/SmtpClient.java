package org.mailkeys.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * Sends one mail the way a MUA does: STARTTLS first (the server's certificate must be the test keystore's), then
 * SMTP AUTH PLAIN for a submission, or no AUTH for a retrieval request to the MX.
 */
final class SmtpClient {
    private SmtpClient() {
    }

    static void submit(int port, String user, String password, String from, String to, String message)
        throws IOException, GeneralSecurityException {
        send(port, user, password, from, to, message);
    }

    static void sendAnonymously(int port, String from, String to, String message)
        throws IOException, GeneralSecurityException {
        send(port, null, null, from, to, message);
    }

    private static void send(int port, String user, String password, String from, String to, String message)
        throws IOException, GeneralSecurityException {
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", false);
        client.setTrustManager(trustingTheTestKeystore());
        client.setDefaultTimeout(30_000);
        client.connect("127.0.0.1", port);
        try {
            check(client, client.getReplyCode());
            check(client, client.ehlo("client.example.net"));
            if (!client.execTLS()) {
                throw new IOException("STARTTLS refused: " + client.getReplyString());
            }
            check(client, client.ehlo("client.example.net"));
            if (user != null && !client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, user, password)) {
                throw new IOException("AUTH refused: " + client.getReplyString());
            }
            if (!client.setSender(from) || !client.addRecipient(to) || !client.sendShortMessageData(message)) {
                throw new IOException("Mail refused: " + client.getReplyString());
            }
            client.logout();
        } finally {
            client.disconnect();
        }
    }

    private static void check(AuthenticatingSMTPClient client, int reply) throws IOException {
        if (!SMTPReply.isPositiveCompletion(reply)) {
            throw new IOException("SMTP error: " + client.getReplyString());
        }
    }

    private static TrustManager trustingTheTestKeystore() throws IOException, GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance("JKS");
        try (InputStream in = SmtpClient.class.getResourceAsStream("/keystore")) {
            keystore.load(in, JamesNode.KEYSTORE_SECRET.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keystore);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return manager;
            }
        }
        throw new GeneralSecurityException("No X509 trust manager");
    }
}
