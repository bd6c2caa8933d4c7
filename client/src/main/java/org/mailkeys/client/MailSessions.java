package org.mailkeys.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.Session;

/**
 * Jakarta Mail sessions that always use TLS: implicit TLS, or STARTTLS with {@code starttls.required}. The
 * library connects to the address {@link DnsLookup} found (so {@code --resolver} is obeyed), while TLS is set up
 * for the server's host name and the certificate checked against it ({@link TlsSocketFactory}).
 */
final class MailSessions {
    private final DnsLookup dns;
    private final TlsSettings tls;
    private final Duration networkTimeout;

    MailSessions(DnsLookup dns, TlsSettings tls, Duration networkTimeout) {
        this.dns = dns;
        this.tls = tls;
        this.networkTimeout = networkTimeout;
    }

    /** A session, and the address to give {@code connect(...)}: an IP address when we resolved the name ourselves. */
    static final class Prepared {
        final Session session;
        final String connectHost;

        Prepared(Session session, String connectHost) {
            this.session = session;
            this.connectHost = connectHost;
        }
    }

    /** @param authenticate whether to use SMTP AUTH (submission) or not (anonymous retrieval to an MX) */
    Prepared smtp(MailServer server, String envelopeSender, boolean authenticate) throws IOException {
        return smtp(server, envelopeSender, authenticate, Optional.empty());
    }

    /**
     * @param dane when present, the certificate chain is checked against these TLSA records only (RFC 7672
     *        section 3) instead of by CAs and host name
     */
    Prepared smtp(MailServer server, String envelopeSender, boolean authenticate, Optional<DaneTrustManager> dane)
            throws IOException {
        String connectHost = connectHost(server);
        Properties properties = common("mail.smtp", server, connectHost, dane);
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.from", envelopeSender);
        properties.put("mail.smtp.auth", Boolean.toString(authenticate));
        return new Prepared(Session.getInstance(properties), connectHost);
    }

    Prepared imap(MailServer server) throws IOException {
        String connectHost = connectHost(server);
        Properties properties = common("mail.imap", server, connectHost, Optional.empty());
        properties.put("mail.store.protocol", "imap");
        // reading a mail must not mark it \Seen: answers that fail verification stay as they were
        properties.put("mail.imap.peek", "true");
        return new Prepared(Session.getInstance(properties), connectHost);
    }

    private String connectHost(MailServer server) throws IOException {
        return dns.addresses(server.host()).get(0).getHostAddress();
    }

    /** TLS for one server: by DANE when given, else by the trust settings and the server's certificate name. */
    TlsSocketFactory tlsFor(MailServer server, Optional<DaneTrustManager> dane) throws IOException {
        if (dane.isPresent()) {
            return new TlsSocketFactory(TlsSettings.sslContext(dane.get()).getSocketFactory(), server.host(), false);
        }
        return new TlsSocketFactory(tls.sslContext().getSocketFactory(), server.certificateName(), !tls.insecure());
    }

    private Properties common(String prefix, MailServer server, String connectHost, Optional<DaneTrustManager> dane)
            throws IOException {
        Properties properties = new Properties();
        String millis = Long.toString(networkTimeout.toMillis());
        properties.put(prefix + ".host", connectHost);
        properties.put(prefix + ".port", Integer.toString(server.port()));
        properties.put(prefix + ".connectiontimeout", millis);
        properties.put(prefix + ".timeout", millis);
        properties.put(prefix + ".ssl.socketFactory", tlsFor(server, dane));
        // the host name check happens in the TLS handshake (TlsSocketFactory), against the name, not the address
        properties.put(prefix + ".ssl.checkserveridentity", "false");
        if (server.tls() == MailServer.Tls.IMPLICIT) {
            properties.put(prefix + ".ssl.enable", "true");
        } else {
            properties.put(prefix + ".starttls.enable", "true");
            properties.put(prefix + ".starttls.required", "true");
        }
        return properties;
    }
}
