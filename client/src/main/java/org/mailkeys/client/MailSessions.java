package org.mailkeys.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Session;

/**
 * Jakarta Mail sessions that always use TLS: implicit TLS or STARTTLS with {@code starttls.required}, the
 * certificate checked against the server's host name, host names resolved through {@link DnsLookup}.
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

    /** @param authenticate whether to use SMTP AUTH (submission) or not (anonymous retrieval to an MX) */
    Session smtp(MailServer server, String envelopeSender, boolean authenticate) throws IOException {
        Properties properties = common("mail.smtp", server);
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.from", envelopeSender);
        properties.put("mail.smtp.auth", Boolean.toString(authenticate));
        return Session.getInstance(properties);
    }

    Session imap(MailServer server) throws IOException {
        Properties properties = common("mail.imap", server);
        properties.put("mail.store.protocol", "imap");
        return Session.getInstance(properties);
    }

    private Properties common(String prefix, MailServer server) throws IOException {
        Properties properties = new Properties();
        ResolvingSocketFactory plain = new ResolvingSocketFactory(dns);
        TlsSocketFactory secure = new TlsSocketFactory(tls.sslContext().getSocketFactory(), plain, !tls.insecure());
        String millis = Long.toString(networkTimeout.toMillis());
        properties.put(prefix + ".host", server.host());
        properties.put(prefix + ".port", Integer.toString(server.port()));
        properties.put(prefix + ".connectiontimeout", millis);
        properties.put(prefix + ".timeout", millis);
        properties.put(prefix + ".socketFactory", plain);
        properties.put(prefix + ".ssl.socketFactory", secure);
        properties.put(prefix + ".ssl.checkserveridentity", Boolean.toString(!tls.insecure()));
        if (server.tls() == MailServer.Tls.IMPLICIT) {
            properties.put(prefix + ".ssl.enable", "true");
        } else {
            properties.put(prefix + ".starttls.enable", "true");
            properties.put(prefix + ".starttls.required", "true");
        }
        return properties;
    }
}
