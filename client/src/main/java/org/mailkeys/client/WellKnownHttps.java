package org.mailkeys.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Bounded HTTPS GETs of a domain's well-known files: the key log's under {@code /.well-known/mailkeys/log/}
 * (docs/PROTOCOL.md, version 2) and the MTA-STS policy (RFC 8461 3.3). The host is found through the client's own
 * DNS, its certificate checked for its name, 200 only (no redirects), a size limit per file, and one deadline for the
 * whole fetch, so a server dripping a byte at a time is cut off too. HTTP/1.0 keeps the answer unchunked.
 */
public final class WellKnownHttps {
    public static final String LOG_PREFIX = "/.well-known/mailkeys/log/";
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final DnsLookup dns;
    private final TlsSettings tls;
    private final int port;
    private final Duration timeout;

    /** @param port 443; another port only for tests */
    public WellKnownHttps(DnsLookup dns, TlsSettings tls, int port, Duration timeout) {
        this.dns = dns;
        this.tls = tls;
        this.port = port;
        this.timeout = timeout;
    }

    /** The host had no such file (404 or 410): an answer, unlike a failure to ask. */
    public static final class Absent extends IOException {
        Absent(String message) {
            super(message);
        }
    }

    /** The body of {@code https://host/path}, at most {@code maxBytes}. */
    public byte[] get(String host, String path, int maxBytes) throws IOException {
        return fetch(host, path, maxBytes, Optional.empty());
    }

    /** As {@link #get(String, String, int)}, the file served as {@code mediaType} only (parameters aside). */
    public byte[] get(String host, String path, int maxBytes, String mediaType) throws IOException {
        return fetch(host, path, maxBytes, Optional.of(mediaType));
    }

    private byte[] fetch(String host, String path, int maxBytes, Optional<String> mediaType) throws IOException {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("not a path: " + path);
        }
        TlsSocketFactory factory = new TlsSocketFactory(tls.sslContext().getSocketFactory(), host, !tls.insecure());
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Timer deadline = new Timer("mailkeys-https-fetch-deadline", true);
        try (Socket plain = new Socket()) {
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
            java.util.List<java.net.InetAddress> addresses = dns.addresses(host);
            if (addresses.isEmpty()) {
                throw new IOException(host + " has no address");
            }
            plain.connect(new InetSocketAddress(addresses.get(0), port), millis);
            plain.setSoTimeout(millis);
            try (Socket socket = factory.createSocket(plain, host, port, true)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: mailkeys\r\n"
                        + mediaType.map(type -> "Accept: " + type + "\r\n").orElse("")
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return readBody(socket.getInputStream(), host, path, maxBytes, mediaType);
            }
        } finally {
            deadline.cancel();
        }
    }

    private static byte[] readBody(InputStream in, String host, String path, int maxBytes, Optional<String> mediaType)
            throws IOException {
        String[] head = readHead(in).split("\r?\n");
        String status = head[0];
        if (status.matches("HTTP/1\\.[01] (404|410)( .*)?")) {
            throw new Absent("https://" + host + path + " does not exist");
        }
        if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
            throw new IOException("https://" + host + path + " answered " + status.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        if (mediaType.isPresent() && !mediaType.get().equals(contentType(head))) {
            throw new IOException("https://" + host + path + " was served as another type than " + mediaType.get());
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new IOException("https://" + host + path + " is larger than " + maxBytes + " bytes");
        }
        return body;
    }

    /** The media type of the last Content-Type header, lower-case, without parameters; empty when none. */
    private static String contentType(String[] head) {
        String type = "";
        for (String line : head) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                type = lower.substring("content-type:".length()).strip().split(";")[0].strip();
            }
        }
        return type;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_HEADER_BYTES) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the server closed the connection in the headers");
            }
            head.write(next);
            lastFour = lastFour << 8 | next;
            if ((lastFour & 0xFFFF) == 0x0A0A || lastFour == 0x0D0A0D0A) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("the server's headers are too long");
    }
}
