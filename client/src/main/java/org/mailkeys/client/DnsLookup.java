package org.mailkeys.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The DNS questions a mail client asks: MX (RFC 5321 section 5.1), SRV (RFC 6186), host addresses, TLSA
 * (RFC 7672) and the MTA-STS TXT record (RFC 8461). Every answer is DNSSEC-validated ({@link DnssecValidation}) and
 * carries its validation state ({@link Validated}); a bogus answer is never returned
 * ({@link BogusAnswerException}). Uses one given DNS server when there is one ({@code --resolver}), else the
 * system's.
 */
public final class DnsLookup {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** CNAME hops followed before giving up (a loop, or a chain longer than any sane zone has). */
    private static final int MAX_CNAME_HOPS = 8;

    private final Resolver upstream;
    private final Optional<ValidatingResolver> validator;
    private final boolean ownResolver;
    private final DnssecValidation validation;
    private final Random random;
    /** Per trust anchor: why the resolver cannot serve its DNSSEC chain, or empty when it can (asked once). */
    private final Map<Name, Optional<String>> chainProbes = new HashMap<>();
    private volatile Optional<String> dnssecUnavailable = Optional.empty();

    private DnsLookup(Resolver upstream, boolean ownResolver, DnssecValidation validation, Random random) {
        this.upstream = upstream;
        this.ownResolver = ownResolver;
        this.validation = validation;
        this.random = random;
        try {
            if (validation.trustsResolverAdBit()) {
                // RFC 6840 section 5.7: ask for the AD bit; DO so that a validating resolver validates
                upstream.setEDNS(0, 0, ExtendedFlags.DO);
            }
            this.validator = validation.validator(upstream);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the DNSSEC trust anchors: " + e.getMessage(), e);
        }
    }

    /** The system's DNS servers, validating from the root's trust anchors. */
    public static DnsLookup system() {
        return system(DnssecValidation.fromRoot());
    }

    public static DnsLookup system(DnssecValidation validation) {
        ExtendedResolver system = new ExtendedResolver();
        system.setTimeout(TIMEOUT);
        return new DnsLookup(system, false, validation, new Random());
    }

    /** Asks only the DNS server at {@code server} (default port 53), validating from the root's trust anchors. */
    public static DnsLookup using(HostAndPort server) {
        return using(server, DnssecValidation.fromRoot());
    }

    /**
     * Asks only the DNS server at {@code server}. Believing its AD bit ({@link DnssecValidation#resolverAdBit()}) is
     * allowed only for a server on loopback: RFC 6840 section 5.7 lets a stub trust AD only over a secure path, and
     * plain UDP to any other host lets whoever is on the way set AD and forge the TLSA records with it.
     *
     * @throws IllegalArgumentException for an unknown host, or a resolver off loopback whose AD bit should be believed
     */
    public static DnsLookup using(HostAndPort server, DnssecValidation validation) {
        try {
            InetAddress address = InetAddress.getByName(server.host());
            if (validation.trustsResolverAdBit() && !address.isLoopbackAddress()) {
                throw new IllegalArgumentException("the AD bit of " + server.host() + " (" + address.getHostAddress()
                        + ") is not believed: it travels in clear over the network, where anyone on the path can set it; "
                        + "only a validating resolver on loopback may be trusted so");
            }
            SimpleResolver simple = new SimpleResolver(address);
            simple.setPort(server.port());
            simple.setTimeout(TIMEOUT);
            return new DnsLookup(simple, true, validation, new Random());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNS server " + server.host());
        }
    }

    public boolean usesOwnResolver() {
        return ownResolver;
    }

    public DnssecValidation validation() {
        return validation;
    }

    /**
     * The hosts to try for mail to {@code domain}, best first: MX targets by preference (equal preferences in
     * random order), or the domain itself when it has no MX record (the implicit MX).
     *
     * @throws NoMailDomainException when the domain does not exist or publishes a null MX (RFC 7505)
     * @throws BogusAnswerException when DNSSEC says the answer was forged or broken
     */
    public Validated<List<String>> mx(String domain) throws IOException {
        Answer answer = query(domain, Type.MX);
        if (answer.nxdomain) {
            throw new NoMailDomainException(domain + " does not exist in DNS");
        }
        List<MXRecord> mx = answer.records.stream().map(MXRecord.class::cast).collect(Collectors.toCollection(ArrayList::new));
        if (mx.isEmpty()) {
            return new Validated<>(List.of(domain), answer.secure);
        }
        if (mx.size() == 1 && mx.get(0).getTarget().equals(Name.root)) {
            throw new NoMailDomainException(domain + " accepts no mail (null MX)");
        }
        Collections.shuffle(mx, random);
        mx.sort(Comparator.comparingInt(MXRecord::getPriority));
        return new Validated<>(mx.stream().map(record -> hostName(record.getTarget())).collect(Collectors.toList()), answer.secure);
    }

    /** {@link #mx(String)} without its validation state. */
    public List<String> mailExchangers(String domain) throws IOException {
        return mx(domain).value();
    }

    /**
     * The targets of an SRV name, by priority then weight; empty when there is none or the service is "decidedly
     * not available" (target "."). Secure only when DNSSEC proved the answer (RFC 7817 section 3 then lets the
     * client check the certificate against the target).
     */
    public Validated<List<HostAndPort>> srv(String srvName) throws IOException {
        Answer answer = query(srvName, Type.SRV);
        List<HostAndPort> targets = answer.records.stream().map(SRVRecord.class::cast)
                .filter(record -> !record.getTarget().equals(Name.root))
                .sorted(Comparator.comparingInt(SRVRecord::getPriority)
                        .thenComparing(Comparator.comparingInt(SRVRecord::getWeight).reversed()))
                .map(record -> new HostAndPort(hostName(record.getTarget()), record.getPort()))
                .collect(Collectors.toList());
        return new Validated<>(targets, answer.secure);
    }

    /** {@link #srv(String)} without its validation state. */
    public List<HostAndPort> services(String srvName) throws IOException {
        return srv(srvName).value();
    }

    /**
     * The addresses of a host (A, then AAAA; when one of the two queries fails, the other's addresses, and a failure
     * only when neither gave any; a bogus answer always ends it). An IP literal or {@code localhost} is taken as it is (insecure).
     * Without a DNS server of its own, a name DNS does not know is looked up by the system (hosts file), insecure.
     */
    public Validated<List<InetAddress>> hostAddresses(String host) throws IOException {
        if (isIpLiteral(host) || host.equalsIgnoreCase("localhost")) {
            return new Validated<>(List.of(InetAddress.getAllByName(host)), false);
        }
        List<InetAddress> found = new ArrayList<>();
        boolean secure = true;
        IOException failed = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Answer answer;
            try {
                answer = query(host, type);
            } catch (BogusAnswerException e) {
                throw e;
            } catch (IOException e) {
                // one address family failing (REFUSED, SERVFAIL, a timeout) must not hide the other: mail servers
                // use the addresses they could get (a stub such as dnsmasq refuses AAAA for an A-only host)
                failed = e;
                continue;
            }
            secure &= answer.secure;
            for (Record record : answer.records) {
                found.add(record instanceof ARecord ? ((ARecord) record).getAddress() : ((AAAARecord) record).getAddress());
            }
        }
        if (found.isEmpty() && failed != null) {
            throw failed;
        }
        if (found.isEmpty() && !ownResolver) {
            return new Validated<>(List.of(InetAddress.getAllByName(host)), false);
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(host + " (not found at the given DNS server)");
        }
        return new Validated<>(found, secure);
    }

    /** {@link #hostAddresses(String)} without its validation state. */
    public List<InetAddress> addresses(String host) throws IOException {
        return hostAddresses(host).value();
    }

    /**
     * The name a host's address records belong to once its CNAMEs are followed (itself when it has none), and
     * whether DNSSEC proved the chain: RFC 7672 section 2.2.2 looks for TLSA records there first.
     */
    public Validated<String> canonicalName(String host) throws IOException {
        if (isIpLiteral(host) || host.equalsIgnoreCase("localhost")) {
            return new Validated<>(host, false);
        }
        Answer answer = query(host, Type.A);
        if (answer.records.isEmpty()) {
            answer = query(host, Type.AAAA);
        }
        return new Validated<>(hostName(answer.owner), answer.secure);
    }

    /** The TLSA records of {@code _port._tcp.host} (RFC 6698 section 3, RFC 7672 section 2.2.3); empty when none. */
    public Validated<List<TLSARecord>> tlsa(String host, int port) throws IOException {
        Answer answer = query("_" + port + "._tcp." + host, Type.TLSA);
        return new Validated<>(answer.records.stream().map(TLSARecord.class::cast).collect(Collectors.toList()), answer.secure);
    }

    /** The TXT records of a name, each one string (its character strings joined, RFC 8461 section 3.1); empty when none. */
    public Validated<List<String>> texts(String name) throws IOException {
        Answer answer = query(name, Type.TXT);
        return new Validated<>(answer.records.stream().map(TXTRecord.class::cast)
                .map(record -> String.join("", record.getStrings())).collect(Collectors.toList()), answer.secure);
    }

    /** Records of one type at a name (CNAMEs followed), whether they were proved secure, and NXDOMAIN. */
    private static final class Answer {
        final List<Record> records;
        final boolean secure;
        final boolean nxdomain;
        /** The name the records belong to: the one asked for, or the end of its CNAME chain. */
        final Name owner;

        Answer(List<Record> records, boolean secure, boolean nxdomain, Name owner) {
            this.records = records;
            this.secure = secure;
            this.nxdomain = nxdomain;
            this.owner = owner;
        }
    }

    private Answer query(String text, int type) throws IOException {
        Name name = absolute(text);
        boolean secure = true;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Message response = send(name, type);
            secure &= response.getHeader().getFlag(Flags.AD);
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer(List.of(), secure, true, name);
            }
            if (rcode != Rcode.NOERROR) {
                throw new IOException("DNS lookup of " + Type.string(type) + " " + name + " failed: " + Rcode.string(rcode));
            }
            List<Record> answers = response.getSection(Section.ANSWER);
            Name owner = name;
            for (int i = 0; i <= MAX_CNAME_HOPS; i++) { // the CNAME chain the server already followed
                Name current = owner;
                Record alias = answers.stream().filter(record -> record.getType() == Type.CNAME && record.getName().equals(current))
                        .findFirst().orElse(null);
                if (alias == null) {
                    break;
                }
                owner = ((CNAMERecord) alias).getTarget();
            }
            Name target = owner;
            List<Record> records = answers.stream().filter(record -> record.getType() == type && record.getName().equals(target))
                    .collect(Collectors.toList());
            if (!records.isEmpty() || target.equals(name)) {
                return new Answer(records, secure, false, target);
            }
            name = target;
        }
        throw new IOException("DNS lookup of " + Type.string(type) + " " + text + " failed: too many CNAMEs");
    }

    private Message send(Name name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (validation.trustsResolverAdBit()) {
            query.getHeader().setFlag(Flags.AD);
        }
        Message response;
        if (validator.isPresent() && validator.get().getTrustAnchors().find(name, DClass.IN) == null) {
            // no trust anchor covers the name: it can only be insecure (RFC 4035 section 4.3), so it is not validated
            response = upstream.send(query);
            response.getHeader().unsetFlag(Flags.AD);
        } else {
            response = validator.isPresent() ? validator.get().send(query) : upstream.send(query);
        }
        if (response.getRcode() == Rcode.SERVFAIL) {
            for (Record record : response.getSection(Section.ADDITIONAL)) {
                if (record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS && record instanceof TXTRecord) {
                    String reason = String.join("", ((TXTRecord) record).getStrings());
                    Optional<String> noChain = validator.isPresent()
                            ? chainUnavailable(validator.get().getTrustAnchors().find(name, DClass.IN).getName()) : Optional.empty();
                    if (noChain.isEmpty()) {
                        throw new BogusAnswerException("DNSSEC validation of " + Type.string(type) + " " + name + " failed ("
                                + reason + ")");
                    }
                    return indeterminate(query, noChain.get());
                }
            }
        }
        return response;
    }

    /**
     * Why DNSSEC cannot even start from the trust anchor at {@code anchor} through this resolver, or empty when it
     * can. The resolver serves the DNSSEC chain when it answers the anchor's DNSKEY query with signatures; a stub
     * such as dnsmasq, or a router that strips DNSSEC records, does not. A failure of validation is then
     * indeterminate (RFC 4035 section 4.3: there is no chain to prove the answer either secure or bogus), not an
     * attack seen; a resolver that serves the chain and still fails validation has seen a bogus answer.
     */
    private Optional<String> chainUnavailable(Name anchor) {
        synchronized (chainProbes) {
            return chainProbes.computeIfAbsent(anchor, this::probeChain);
        }
    }

    private Optional<String> probeChain(Name anchor) {
        String resolver = ownResolver ? "the DNS server given with --resolver" : "the system's DNS resolver";
        try {
            Message probe = Message.newQuery(Record.newRecord(anchor, Type.DNSKEY, DClass.IN));
            probe.getHeader().setFlag(Flags.CD);
            Message answer = upstream.send(probe);
            boolean signedKeys = answer.getSection(Section.ANSWER).stream().anyMatch(record -> record instanceof RRSIGRecord
                    && ((RRSIGRecord) record).getTypeCovered() == Type.DNSKEY);
            if (signedKeys) {
                return Optional.empty();
            }
            return Optional.of(resolver + " gives no DNSSEC records (its answer to DNSKEY " + anchor + " was "
                    + Rcode.string(answer.getRcode()) + " without signatures), so no answer can be validated");
        } catch (IOException e) {
            return Optional.of(resolver + " gives no DNSSEC records (DNSKEY " + anchor + ": " + e.getMessage()
                    + "), so no answer can be validated");
        }
    }

    /** The answer as the resolver gives it, insecure; remembered so that the client can say why nothing was secure. */
    private Message indeterminate(Message query, String why) throws IOException {
        dnssecUnavailable = Optional.of(why);
        Message response = upstream.send(query);
        response.getHeader().unsetFlag(Flags.AD);
        return response;
    }

    /**
     * Why DNSSEC could not be checked for some answer of this lookup (the resolver serves no DNSSEC records), or empty.
     * Those answers were taken as insecure, as for an unsigned domain (RFC 7672 section 2.2): what they lead to is
     * protected by TLS at most, which {@code --require} refuses.
     */
    public Optional<String> dnssecUnavailable() {
        return dnssecUnavailable;
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static String hostName(Name name) {
        String text = name.toString(true);
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The domain does not take mail at all. */
    public static final class NoMailDomainException extends IOException {
        public NoMailDomainException(String message) {
            super(message);
        }
    }

    /**
     * DNSSEC proved an answer wrong (RFC 4035 section 5.5, "bogus"): a forged or broken answer. Nothing of it is
     * used, and no connection is made on its strength.
     */
    public static final class BogusAnswerException extends IOException {
        public BogusAnswerException(String message) {
            super(message);
        }
    }
}
