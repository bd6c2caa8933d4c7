package org.mailkeys.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions a mail client asks: MX (RFC 5321 section 5.1), SRV (RFC 6186) and host addresses.
 * Uses one given DNS server when there is one ({@code --resolver}), else the system's.
 */
public final class DnsLookup {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Optional<Resolver> resolver;
    private final Cache cache = new Cache(DClass.IN);
    private final Random random;

    private DnsLookup(Optional<Resolver> resolver, Random random) {
        this.resolver = resolver;
        this.random = random;
    }

    public static DnsLookup system() {
        return new DnsLookup(Optional.empty(), new Random());
    }

    /** Asks only the DNS server at {@code server} (default port 53). */
    public static DnsLookup using(HostAndPort server) {
        try {
            SimpleResolver simple = new SimpleResolver(InetAddress.getByName(server.host()));
            simple.setPort(server.port());
            simple.setTimeout(TIMEOUT);
            return new DnsLookup(Optional.of(simple), new Random());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNS server " + server.host());
        }
    }

    public boolean usesOwnResolver() {
        return resolver.isPresent();
    }

    /**
     * The hosts to try for mail to {@code domain}, best first: MX targets by preference (equal preferences in
     * random order), or the domain itself when it has no MX record (the implicit MX).
     *
     * @throws NoMailDomainException when the domain does not exist or publishes a null MX (RFC 7505)
     */
    public List<String> mailExchangers(String domain) throws IOException {
        Lookup lookup = lookup(domain, Type.MX);
        Record[] records = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                break;
            case Lookup.TYPE_NOT_FOUND:
                return List.of(domain);
            case Lookup.HOST_NOT_FOUND:
                throw new NoMailDomainException(domain + " does not exist in DNS");
            default:
                throw new IOException("DNS lookup of MX " + domain + " failed: " + lookup.getErrorString());
        }
        List<MXRecord> mx = Arrays.stream(records).filter(MXRecord.class::isInstance).map(MXRecord.class::cast)
                .collect(Collectors.toCollection(ArrayList::new));
        if (mx.isEmpty()) {
            return List.of(domain);
        }
        if (mx.size() == 1 && mx.get(0).getTarget().equals(Name.root)) {
            throw new NoMailDomainException(domain + " accepts no mail (null MX)");
        }
        Collections.shuffle(mx, random);
        mx.sort(Comparator.comparingInt(MXRecord::getPriority));
        return mx.stream().map(record -> hostName(record.getTarget())).collect(Collectors.toList());
    }

    /** The targets of an SRV name, by priority; empty when there is none or the service is "decidedly not available". */
    public List<HostAndPort> services(String srvName) throws IOException {
        Lookup lookup = lookup(srvName, Type.SRV);
        Record[] records = lookup.run();
        if (lookup.getResult() == Lookup.HOST_NOT_FOUND || lookup.getResult() == Lookup.TYPE_NOT_FOUND) {
            return List.of();
        }
        if (lookup.getResult() != Lookup.SUCCESSFUL) {
            throw new IOException("DNS lookup of SRV " + srvName + " failed: " + lookup.getErrorString());
        }
        List<SRVRecord> srv = Arrays.stream(records).filter(SRVRecord.class::isInstance).map(SRVRecord.class::cast)
                .filter(record -> !record.getTarget().equals(Name.root))
                .sorted(Comparator.comparingInt(SRVRecord::getPriority)
                        .thenComparing(Comparator.comparingInt(SRVRecord::getWeight).reversed()))
                .collect(Collectors.toList());
        return srv.stream().map(record -> new HostAndPort(hostName(record.getTarget()), record.getPort()))
                .collect(Collectors.toList());
    }

    /** The addresses of a host: through the given DNS server (A, then AAAA), or the system's resolver. */
    public List<InetAddress> addresses(String host) throws UnknownHostException {
        if (resolver.isEmpty() || isIpLiteral(host)) {
            return Arrays.asList(InetAddress.getAllByName(host));
        }
        List<InetAddress> found = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Record[] records = lookup(host, type).run();
                if (records != null) {
                    for (Record record : records) {
                        if (record instanceof ARecord) {
                            found.add(((ARecord) record).getAddress());
                        } else if (record instanceof AAAARecord) {
                            found.add(((AAAARecord) record).getAddress());
                        }
                    }
                }
            } catch (TextParseException e) {
                throw new UnknownHostException(host);
            }
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(host + " (not found at the given DNS server)");
        }
        return found;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private Lookup lookup(String name, int type) throws TextParseException {
        Lookup lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
        lookup.setCache(cache);
        resolver.ifPresent(lookup::setResolver);
        return lookup;
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
}
