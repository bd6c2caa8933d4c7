package org.mailkeys.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Timer;
import java.util.TimerTask;
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
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern TXT_ID = Pattern.compile("(?:^|;)\\s*id=([A-Za-z0-9]{1,32})\\s*(?:;|$)");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,253}");

    private final DnsLookup dns;
    private final TlsSettings tls;
    private final Path cacheFolder;
    private final int httpsPort;
    private final Duration timeout;
    private final Clock clock;

    /** @param httpsPort 443; another port only for tests */
    MtaStsPolicies(DnsLookup dns, TlsSettings tls, Path cacheFolder, int httpsPort, Duration timeout, Clock clock) {
        this.dns = dns;
        this.tls = tls;
        this.cacheFolder = cacheFolder;
        this.httpsPort = httpsPort;
        this.timeout = timeout;
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
        String host = "mta-sts." + domain;
        TlsSocketFactory factory = new TlsSocketFactory(tls.sslContext().getSocketFactory(), host, !tls.insecure());
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Timer deadline = new Timer("mta-sts-fetch-deadline", true);
        try (Socket plain = new Socket()) {
            // the whole fetch, not each read, is bounded: a server dripping a byte at a time is cut off too
            deadline.schedule(new TimerTask() {
                @Override
                public void run() {
                    try {
                        plain.close();
                    } catch (IOException e) {
                        // closing is all that was wanted
                    }
                }
            }, millis);
            plain.connect(new InetSocketAddress(dns.addresses(host).get(0), httpsPort), millis);
            plain.setSoTimeout(millis);
            try (Socket socket = factory.createSocket(plain, host, httpsPort, true)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /.well-known/mta-sts.txt HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: mailkeys\r\n"
                        + "Accept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return readPolicy(socket.getInputStream(), host);
            }
        } finally {
            deadline.cancel();
        }
    }

    private static String readPolicy(InputStream in, String host) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r?\n");
        if (!lines[0].matches("HTTP/1\\.[01] 200( .*)?")) {
            throw new IOException("https://" + host + " answered " + lines[0].replaceAll("[^\\x20-\\x7e]", "?"));
        }
        boolean textPlain = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                textPlain = lower.substring("content-type:".length()).strip().split(";")[0].strip().equals("text/plain");
            }
        }
        if (!textPlain) {
            throw new IOException("https://" + host + " served the policy as another type than text/plain");
        }
        byte[] body = in.readNBytes(MAX_POLICY_BYTES + 1);
        if (body.length > MAX_POLICY_BYTES) {
            throw new IOException("the MTA-STS policy of " + host + " is larger than " + MAX_POLICY_BYTES + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_HEADER_BYTES) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the policy server closed the connection in the headers");
            }
            head.write(next);
            lastFour = lastFour << 8 | next;
            if ((lastFour & 0xFFFF) == 0x0A0A || lastFour == 0x0D0A0D0A) { // LF LF or CR LF CR LF ends the head
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("the policy server's headers are too long");
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
