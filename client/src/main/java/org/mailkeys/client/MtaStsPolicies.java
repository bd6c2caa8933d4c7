package org.mailkeys.client;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the MTA-STS policy of a mail domain (RFC 8461): the {@code _mta-sts} TXT record (section 3.1), the policy
 * fetched over HTTPS from {@code mta-sts.<domain>} with its certificate checked (section 3.3), and a cache in the
 * client's state folder that keeps a policy for its {@code max_age} (sections 3.3 and 5.1), so that an attacker who
 * later hides the TXT record or the policy host does not switch the policy off.
 *
 * <p>The policy is fetched with a plain HTTP/1.0 GET over the client's own TLS socket: the JDK's HTTP clients find
 * the host through the system resolver, while the policy host must be found through the client's DNS (its own
 * resolver and DNSSEC state) like every other server it talks to. HTTP/1.0 keeps the answer unchunked.
 */
final class MtaStsPolicies {
    /** RFC 8461 section 3.3: "senders SHOULD ... limit" the policy size; 64 KiB is ample for any list of MX patterns. */
    static final int MAX_POLICY_BYTES = 64 * 1024;
    private static final Pattern TXT_ID = Pattern.compile("(?:^|;)\\s*id=([A-Za-z0-9]{1,32})\\s*(?:;|$)");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,253}");

    private final DnsLookup dns;
    private final Path cacheFolder;
    /** The policy fetch: one deadline for it all, its host's certificate checked, 200 only, size bounded. */
    private final WellKnownHttps https;
    private final Clock clock;

    /** @param httpsPort 443; another port only for tests */
    MtaStsPolicies(DnsLookup dns, TlsSettings tls, Path cacheFolder, int httpsPort, Duration timeout, Clock clock) {
        this.dns = dns;
        this.cacheFolder = cacheFolder;
        this.https = new WellKnownHttps(dns, tls, httpsPort, timeout);
        this.clock = clock;
    }

    /** The policy in force for mail to {@code domain}; empty when it has none (or only one in mode {@code none}). */
    Optional<MtaStsPolicy> policyFor(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        Optional<Cached> cached = readCache(name);
        Optional<String> id = policyId(name);
        Optional<MtaStsPolicy> policy;
        if (id.isEmpty()) {
            policy = cached.map(entry -> entry.policy); // RFC 8461 5.1: a cached policy outlives a vanished record
        } else if (cached.isPresent() && cached.get().id.equals(id.get())) {
            policy = Optional.of(cached.get().policy);
        } else {
            try {
                String text = fetch(name);
                policy = MtaStsPolicy.parse(text);
                if (policy.isPresent()) {
                    writeCache(name, id.get(), text);
                } else {
                    policy = cached.map(entry -> entry.policy);
                }
            } catch (IOException e) {
                policy = cached.map(entry -> entry.policy); // RFC 8461 3.3: a failed fetch keeps the cached policy
            }
        }
        return policy.filter(found -> found.mode() != MtaStsPolicy.Mode.NONE);
    }

    /** RFC 8461 3.1: exactly one TXT record starting {@code v=STSv1;} with an {@code id}; else there is none. */
    private Optional<String> policyId(String domain) {
        List<String> records;
        try {
            records = dns.texts("_mta-sts." + domain).value().stream()
                    .filter(text -> text.startsWith("v=STSv1;") || text.equals("v=STSv1")).collect(Collectors.toList());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (records.size() != 1) {
            return Optional.empty();
        }
        Matcher id = TXT_ID.matcher(records.get(0));
        return id.find() ? Optional.of(id.group(1)) : Optional.empty();
    }

    /**
     * RFC 8461 3.3: {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}, certificate valid for that name, 200
     * only (no redirects), {@code text/plain}, at most {@link #MAX_POLICY_BYTES}, all within the network timeout.
     */
    String fetch(String domain) throws IOException {
        return new String(https.get("mta-sts." + domain, "/.well-known/mta-sts.txt", MAX_POLICY_BYTES, "text/plain"),
            StandardCharsets.UTF_8);
    }

    /** A policy kept from an earlier fetch, with the TXT id it had. */
    private static final class Cached {
        final String id;
        final MtaStsPolicy policy;

        Cached(String id, MtaStsPolicy policy) {
            this.id = id;
            this.policy = policy;
        }
    }

    private Optional<Path> cacheFile(String domain) {
        return DOMAIN.matcher(domain).matches() && !domain.startsWith(".")
                ? Optional.of(cacheFolder.resolve(domain + ".policy")) : Optional.empty();
    }

    private Optional<Cached> readCache(String domain) {
        Optional<Path> file = cacheFile(domain).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file.get(), StandardCharsets.UTF_8)));
            Optional<MtaStsPolicy> policy = MtaStsPolicy.parse(properties.getProperty("policy", ""));
            Instant fetched = Instant.parse(properties.getProperty("fetched-at"));
            if (policy.isEmpty() || clock.instant().isAfter(fetched.plus(policy.get().maxAge()))) {
                return Optional.empty();
            }
            return Optional.of(new Cached(properties.getProperty("id", ""), policy.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void writeCache(String domain, String id, String policyText) {
        Optional<Path> file = cacheFile(domain);
        if (file.isEmpty()) {
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("id", id);
        properties.setProperty("fetched-at", clock.instant().toString());
        properties.setProperty("policy", policyText);
        try {
            Files.createDirectories(cacheFolder);
            StringWriter text = new StringWriter();
            properties.store(text, "MTA-STS policy of " + domain + " (RFC 8461), kept for its max_age");
            Path temporary = Files.createTempFile(cacheFolder, "." + domain, ".tmp");
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file.get(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // without a cache the policy is fetched again next time
        }
    }
}
