package org.mailkeys.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds the user's own submission and IMAP servers (RFC 6186): the configured one if any, else
 * {@code _submissions._tcp} (implicit TLS) then {@code _submission._tcp} (STARTTLS), and {@code _imaps._tcp}
 * then {@code _imap._tcp}.
 *
 * <p>A server found through SRV gets its certificate checked against the mail domain itself (RFC 7817 section 3),
 * unless DNSSEC proved the SRV answer: then against the SRV target. A forged SRV answer can thus point the client
 * at another host, but that host cannot show a certificate for the user's domain, so the password never reaches
 * it (docs/PROTOCOL.md 6). There is no fallback to the domain's MX on 587 or 993: an MX name, forged or not, says
 * nothing about who may receive the user's password; without SRV records the user names the servers.
 */
public final class ServiceLocator {
    private final DnsLookup dns;

    public ServiceLocator(DnsLookup dns) {
        this.dns = dns;
    }

    public MailServer submission(String domain, Optional<MailServer> configured) throws IOException {
        if (configured.isPresent()) {
            return configured.get();
        }
        Optional<MailServer> found = srv("_submissions._tcp." + domain, MailServer.Tls.IMPLICIT, domain);
        if (found.isEmpty()) {
            found = srv("_submission._tcp." + domain, MailServer.Tls.STARTTLS, domain);
        }
        return found.orElseThrow(() -> new IOException(domain + " publishes no _submissions._tcp or _submission._tcp SRV "
                + "record (RFC 6186): name your submission server with --submission"));
    }

    public MailServer imap(String domain, Optional<MailServer> configured) throws IOException {
        if (configured.isPresent()) {
            return configured.get();
        }
        Optional<MailServer> found = srv("_imaps._tcp." + domain, MailServer.Tls.IMPLICIT, domain);
        if (found.isEmpty()) {
            found = srv("_imap._tcp." + domain, MailServer.Tls.STARTTLS, domain);
        }
        return found.orElseThrow(() -> new IOException(domain + " publishes no _imaps._tcp or _imap._tcp SRV record "
                + "(RFC 6186): name your IMAP server with --imap"));
    }

    /** RFC 7817 section 3: the certificate names the mail domain, or the SRV target of a DNSSEC-validated answer. */
    private Optional<MailServer> srv(String name, MailServer.Tls tls, String domain) throws IOException {
        Validated<java.util.List<HostAndPort>> targets = dns.srv(name);
        return targets.value().stream().findFirst().map(target -> targets.secure()
                ? new MailServer(target, tls, target.host(), true)
                : new MailServer(target, tls, domain, false));
    }
}
