package org.mailkeys.client;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.xbill.DNS.TLSARecord;

/**
 * Decides, before any connection, how the client may talk to one MX host of a queried domain, so that K_auth only
 * ever travels over a connection authenticated as well as the domain asks (docs/PROTOCOL.md 6):
 *
 * <ol>
 * <li>DANE (RFC 7672 section 2.2): with a DNSSEC-secure MX answer, a secure address and secure usable TLSA records
 *     at {@code _25._tcp.<host>}, the certificate must match them. A bogus or failed TLSA lookup means the host
 *     must not be used (section 2.2).</li>
 * <li>Else MTA-STS (RFC 8461 section 4 and 5): in enforce mode a host that matches no {@code mx} pattern is not
 *     used, and one that matches is used with its certificate checked by CAs and name; in testing mode a mismatch
 *     is only reported.</li>
 * <li>Else the certificate is checked against the MX host name, which DNSSEC proved ({@code dnssec+tls}) or not
 *     ({@code tls}).</li>
 * </ol>
 * A {@code --require} the route does not meet refuses the host too.
 */
final class MxRoutes {
    private final DnsLookup dns;
    private final MtaStsPolicies policies;
    private final int port;
    private final Optional<Protection.Requirement> requirement;
    private final Progress progress;

    MxRoutes(DnsLookup dns, MtaStsPolicies policies, int port, Optional<Protection.Requirement> requirement, Progress progress) {
        this.dns = dns;
        this.policies = policies;
        this.port = port;
        this.requirement = requirement;
        this.progress = progress;
    }

    /** How to connect to one MX host: the protection it gets, and the TLSA check when it is DANE. */
    static final class Route {
        final String host;
        final Protection protection;
        final Optional<DaneTrustManager> dane;

        Route(String host, Protection protection, Optional<DaneTrustManager> dane) {
            this.host = host;
            this.protection = protection;
            this.dane = dane;
        }
    }

    /** The host must not be used for this request; the message says why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The routes of one queried domain; the MTA-STS policy is fetched once, when a host first needs it. */
    final class ForDomain {
        private final String domain;
        private final boolean mxSecure;
        private final boolean dnsOverridden;
        private Optional<MtaStsPolicy> policy;

        private ForDomain(String domain, boolean mxSecure, boolean dnsOverridden) {
            this.domain = domain;
            this.mxSecure = mxSecure;
            this.dnsOverridden = dnsOverridden;
        }

        Route route(String host) throws Refused {
            Route route = dnsOverridden ? new Route(host, Protection.TLS, Optional.empty()) : decide(host);
            if (requirement.isPresent() && !requirement.get().acceptedBy(route.protection)) {
                throw new Refused("--require " + requirement.get().wireName() + ", but only "
                        + route.protection.description() + " is possible"
                        + dns.dnssecUnavailable().map(why -> " (" + why + ")").orElse(""));
            }
            return route;
        }

        private Route decide(String host) throws Refused {
            boolean secureRoute = false;
            if (mxSecure) {
                try {
                    secureRoute = dns.hostAddresses(host).secure();
                    if (secureRoute) {
                        Optional<Route> dane = dane(host);
                        if (dane.isPresent()) {
                            return dane.get();
                        }
                    }
                } catch (DnsLookup.BogusAnswerException e) {
                    throw new Refused(e.getMessage());
                } catch (IOException e) {
                    throw new Refused("DNS lookup failed, so DANE cannot be ruled out (RFC 7672 2.2): " + e.getMessage());
                }
            }
            Protection dnsOnly = secureRoute ? Protection.DNSSEC_TLS : Protection.TLS;
            Optional<MtaStsPolicy> sts = policy();
            if (sts.isEmpty()) {
                return new Route(host, dnsOnly, Optional.empty());
            }
            if (!sts.get().allows(host)) {
                if (sts.get().mode() == MtaStsPolicy.Mode.ENFORCE) {
                    throw new Refused(host + " is not an MX of " + domain + "'s MTA-STS policy in enforce mode "
                            + sts.get().mxPatterns());
                }
                progress.update("MTA-STS (testing mode): " + host + " is not in " + domain + "'s policy " + sts.get().mxPatterns());
                return new Route(host, dnsOnly, Optional.empty());
            }
            if (sts.get().mode() != MtaStsPolicy.Mode.ENFORCE) {
                return new Route(host, dnsOnly, Optional.empty());
            }
            boolean preferDnssec = dnsOnly == Protection.DNSSEC_TLS && requirement.isPresent()
                    && requirement.get().acceptedBy(Protection.DNSSEC_TLS);
            return new Route(host, preferDnssec ? Protection.DNSSEC_TLS : Protection.MTA_STS, Optional.empty());
        }

        /**
         * RFC 7672 2.2: secure, usable TLSA records make DANE mandatory for this host. Section 2.2.2: when the host
         * is a CNAME and DNSSEC proved the chain, the TLSA records are looked for at the chain's end first, then at
         * the host name; a DANE-TA certificate may carry either name (section 3.2.2).
         */
        private Optional<Route> dane(String host) throws IOException {
            Validated<String> canonical = dns.canonicalName(host);
            List<String> bases = canonical.secure() && !canonical.value().equalsIgnoreCase(host)
                    ? List.of(canonical.value(), host) : List.of(host);
            for (String base : bases) {
                Validated<List<TLSARecord>> tlsa = dns.tlsa(base, port);
                List<TLSARecord> usable = DaneTrustManager.usable(tlsa.value());
                if (tlsa.secure() && !usable.isEmpty()) {
                    return Optional.of(new Route(host, Protection.DANE, Optional.of(new DaneTrustManager(usable, bases))));
                }
            }
            return Optional.empty();
        }

        private Optional<MtaStsPolicy> policy() {
            if (policy == null) {
                policy = policies.policyFor(domain);
                policy.ifPresent(found -> progress.update(domain + ": " + found));
            }
            return policy;
        }
    }

    ForDomain of(String domain, boolean mxSecure) {
        if (!mxSecure) {
            // RFC 7672 2.2: without DNSSEC data the MX is insecure, as for an unsigned domain; the user learns why
            dns.dnssecUnavailable().ifPresent(why -> progress.update("DNSSEC not checked for " + domain + ": " + why
                    + ". The request goes over TLS without DNS authentication; --require dnssec|dane|mta-sts refuses "
                    + "that. Name a resolver that passes DNSSEC records with --resolver, a private root with "
                    + "--trust-anchors, or the MX host with --mx."));
        }
        return new ForDomain(domain, mxSecure, false);
    }

    /** A host given instead of DNS ({@code --mx}): nothing about it is authenticated by DNS or a policy. */
    ForDomain overridden(String domain) {
        return new ForDomain(domain, false, true);
    }
}
