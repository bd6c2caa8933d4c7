package org.mailkeys.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends request mails: over the user's submission server with SMTP AUTH, or anonymously to the MX hosts of the
 * queried domain in preference order (RFC 5321 5.1), moving to the next when one cannot be reached or must not be
 * used (DANE, MTA-STS, {@code --require}: {@link MxRoutes}).
 */
final class RequestSender {
    private final DnsLookup dns;
    private final MailSessions sessions;
    private final int mxPort;
    private final Optional<String> mxOverride;
    private final MxRoutes mxRoutes;
    private final Progress progress;

    /** @param mxOverride a host to use as the only MX of every domain (tests, local setups), instead of DNS */
    RequestSender(DnsLookup dns, MailSessions sessions, int mxPort, Optional<String> mxOverride, MxRoutes mxRoutes,
                  Progress progress) {
        this.dns = dns;
        this.sessions = sessions;
        this.mxPort = mxPort;
        this.mxOverride = mxOverride;
        this.mxRoutes = mxRoutes;
        this.progress = progress;
    }

    /** Makes the request mail for a session (each server gets its own session). */
    interface MessageFactory {
        MimeMessage create(Session session) throws MessagingException;
    }

    /** Thrown when the MX refused the service address itself: the domain does not offer the service. */
    static final class RecipientRefused extends Exception {
        final Protection protection;

        RecipientRefused(String message, Protection protection) {
            super(message);
            this.protection = protection;
        }
    }

    /** Thrown when no MX host could be reached on the SMTP port (perhaps port 25 is blocked here). */
    static final class NoMxReachable extends Exception {
        NoMxReachable(String message) {
            super(message);
        }
    }

    void submit(MailServer server, Credentials credentials, String account, MessageFactory message)
            throws MailKeysException {
        progress.update("sending through " + server + " as " + credentials.user());
        try {
            MailSessions.Prepared prepared = sessions.smtp(server, account, true);
            MimeMessage mail = message.create(prepared.session);
            try (Transport transport = prepared.session.getTransport("smtp")) {
                transport.connect(prepared.connectHost, server.port(), credentials.user(), credentials.password());
                transport.sendMessage(mail, mail.getAllRecipients());
            }
        } catch (IOException | MessagingException e) {
            throw new MailKeysException("submission to " + server + " failed: " + describe(e), e);
        }
    }

    /** The MX host that took a request, and how the connection to it was authenticated. */
    static final class Delivery {
        final String host;
        final Protection protection;

        Delivery(String host, Protection protection) {
            this.host = host;
            this.protection = protection;
        }
    }

    /**
     * Sends to the first MX host that may be used ({@link MxRoutes}) and can be reached. A host refused by DANE,
     * MTA-STS or {@code --require} is never connected to; one whose certificate fails the check fails in the TLS
     * handshake, before the request (and its K_auth) is sent.
     */
    Delivery toMailExchanger(String domain, String account, MessageFactory message)
            throws MailKeysException, RecipientRefused, NoMxReachable, DnsLookup.NoMailDomainException {
        Validated<List<String>> hosts;
        MxRoutes.ForDomain routes;
        try {
            if (mxOverride.isPresent()) {
                hosts = new Validated<>(List.of(mxOverride.get()), false);
                routes = mxRoutes.overridden(domain);
            } else {
                hosts = dns.mx(domain);
                routes = mxRoutes.of(domain, hosts.secure());
            }
        } catch (DnsLookup.NoMailDomainException e) {
            throw e;
        } catch (IOException e) {
            throw new MailKeysException(e.getMessage(), e);
        }
        List<String> failures = new ArrayList<>();
        boolean onlyUnreachable = true;
        for (String host : hosts.value()) {
            MailServer server = new MailServer(new HostAndPort(host, mxPort), MailServer.Tls.STARTTLS);
            MxRoutes.Route route;
            try {
                route = routes.route(host);
            } catch (MxRoutes.Refused e) {
                onlyUnreachable = false;
                failures.add(host + ": not used: " + e.getMessage());
                progress.update("not using MX " + host + ": " + e.getMessage());
                continue;
            }
            progress.update("connecting to MX " + server.address() + " for " + domain + " (" + route.protection.description() + ")");
            try {
                MailSessions.Prepared prepared = sessions.smtp(server, account, false, route.dane);
                MimeMessage mail = message.create(prepared.session);
                try (Transport transport = prepared.session.getTransport("smtp")) {
                    transport.connect(prepared.connectHost, mxPort, null, null);
                    transport.sendMessage(mail, mail.getAllRecipients());
                }
                return new Delivery(host, route.protection);
            } catch (SendFailedException e) {
                if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
                    throw new RecipientRefused(host + " refused " + RequestMessages.serviceAddress(domain) + ": " + describe(e),
                            route.protection);
                }
                onlyUnreachable = false;
                failures.add(host + ": " + describe(e));
            } catch (IOException | MessagingException e) {
                onlyUnreachable &= isUnreachable(e);
                failures.add(host + ": " + describe(e));
            }
        }
        String all = String.join("; ", failures);
        if (onlyUnreachable) {
            throw new NoMxReachable("no MX host of " + domain + " reachable on port " + mxPort + " (" + all + ")");
        }
        throw new MailKeysException("no MX host of " + domain + " took the request (" + all + ")");
    }

    static boolean isUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException
                    || (cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).contains("connect"))
                    || cause.getClass().getSimpleName().equals("SocketConnectException")) {
                return true;
            }
            if (cause instanceof MessagingException && ((MessagingException) cause).getNextException() != null
                    && cause.getCause() == null) {
                return isUnreachable(((MessagingException) cause).getNextException());
            }
        }
        return false;
    }

    /**
     * One line for a person from a failure whose messages may quote a remote server's reply: white space runs
     * become one space and any other control character a {@code ?}, so a server cannot write terminal escapes.
     */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage().strip())) {
                text.append(": ").append(cause.getMessage().strip());
            }
            e = cause;
            cause = cause.getCause();
        }
        return text.toString().replaceAll("\\s+", " ").replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}]", "?");
    }
}
