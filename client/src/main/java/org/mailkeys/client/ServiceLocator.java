package org.mailkeys.client;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the user's own submission and IMAP servers (RFC 6186): the configured one if any, else
 * {@code _submissions._tcp} (implicit TLS) then {@code _submission._tcp} (STARTTLS), and {@code _imaps._tcp}
 * then {@code _imap._tcp}; else the domain's best MX host on 587 (submission) and 993 (IMAP).
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
        Optional<MailServer> found = srv("_submissions._tcp." + domain, MailServer.Tls.IMPLICIT)
                .or(() -> srvUnchecked("_submission._tcp." + domain, MailServer.Tls.STARTTLS));
        if (found.isPresent()) {
            return found.get();
        }
        return new MailServer(new HostAndPort(dns.mailExchangers(domain).get(0), 587), MailServer.Tls.STARTTLS);
    }

    public MailServer imap(String domain, Optional<MailServer> configured) throws IOException {
        if (configured.isPresent()) {
            return configured.get();
        }
        Optional<MailServer> found = srv("_imaps._tcp." + domain, MailServer.Tls.IMPLICIT)
                .or(() -> srvUnchecked("_imap._tcp." + domain, MailServer.Tls.STARTTLS));
        if (found.isPresent()) {
            return found.get();
        }
        return new MailServer(new HostAndPort(dns.mailExchangers(domain).get(0), 993), MailServer.Tls.IMPLICIT);
    }

    private Optional<MailServer> srv(String name, MailServer.Tls tls) throws IOException {
        List<HostAndPort> targets = dns.services(name);
        return targets.stream().findFirst().map(target -> new MailServer(target, tls));
    }

    private Optional<MailServer> srvUnchecked(String name, MailServer.Tls tls) {
        try {
            return srv(name, tls);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
