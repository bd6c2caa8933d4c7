package org.mailkeys.wkd;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.mailkeys.settings.BoundedNumber;

/**
 * The {@code wkd.*} settings of {@code mailkeys.properties}. Every limit has a default that a public server can run
 * with; an unknown {@code wkd.} key or a bad value fails the start, naming the key.
 */
public final class WebKeyDirectorySettings {
    public static final String PREFIX = "wkd.";
    public static final String ENABLED = "enabled";
    public static final String HOST = "host";
    public static final String PORT = "port";
    /** false only behind a reverse proxy that terminates TLS: WKD clients fetch over https only. */
    public static final String TLS = "tls";
    public static final String KEYSTORE = "tls.keystore";
    public static final String KEYSTORE_PASSWORD = "tls.keystore.password";
    public static final String KEYSTORE_TYPE = "tls.keystore.type";
    public static final String MAX_CONNECTIONS = "limit.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "limit.connections.per.ip";
    public static final String MAX_CONNECTS_PER_IP_PER_SECOND = "limit.connects.per.ip.per.second";
    public static final String MAX_REQUESTS_PER_IP_PER_MINUTE = "limit.requests.per.ip.per.minute";
    public static final String REQUEST_TIMEOUT_SECONDS = "limit.request.seconds";
    public static final String MAX_HEADER_BYTES = "limit.header.bytes";
    public static final String MAX_HEADERS = "limit.headers";

    private static final Set<String> KEYS = Set.of(ENABLED, HOST, PORT, TLS, KEYSTORE, KEYSTORE_PASSWORD,
        KEYSTORE_TYPE, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_IP, MAX_CONNECTS_PER_IP_PER_SECOND,
        MAX_REQUESTS_PER_IP_PER_MINUTE,
        REQUEST_TIMEOUT_SECONDS, MAX_HEADER_BYTES, MAX_HEADERS);

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 443;
    public static final String DEFAULT_KEYSTORE_TYPE = "PKCS12";
    /**
     * Holding every slot takes 2,048 IPv4 addresses or 256 IPv6 /48s (a /48 holds 8 times a client's share); each slot
     * is a socket, so the process needs this many more file descriptors than James alone.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 8192;
    /** A WKD lookup takes one connection for a few milliseconds; a shared address (NAT) rarely needs more at once. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 4;
    /** Counted before the TLS handshake, so a client over it costs an accept and a close only. */
    public static final int DEFAULT_MAX_CONNECTS_PER_IP_PER_SECOND = 10;
    public static final int DEFAULT_MAX_REQUESTS_PER_IP_PER_MINUTE = 120;
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 64;
    /** A WKD request line is short: a domain, a 32-letter hash and a local part of at most 64 octets. */
    public static final int MAX_REQUEST_LINE_BYTES = 2048;

    private final boolean enabled;
    private final String host;
    private final int port;
    private final boolean tls;
    private final Optional<String> keystore;
    private final String keystorePassword;
    private final String keystoreType;
    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final int maxConnectsPerIpPerSecond;
    private final int maxRequestsPerIpPerMinute;
    private final Duration requestTimeout;
    private final int maxHeaderBytes;
    private final int maxHeaders;

    private WebKeyDirectorySettings(Properties properties) {
        this.enabled = bool(properties, ENABLED, false);
        this.host = text(properties, HOST).orElse(DEFAULT_HOST);
        this.port = number(properties, BoundedNumber.count(PREFIX + PORT, 0, 65535), DEFAULT_PORT);
        this.tls = bool(properties, TLS, true);
        this.keystore = text(properties, KEYSTORE);
        this.keystorePassword = properties.getProperty(PREFIX + KEYSTORE_PASSWORD, "");
        this.keystoreType = text(properties, KEYSTORE_TYPE).orElse(DEFAULT_KEYSTORE_TYPE);
        this.maxConnections = number(properties, BoundedNumber.count(PREFIX + MAX_CONNECTIONS, 1, 1_000_000),
            DEFAULT_MAX_CONNECTIONS);
        this.maxConnectionsPerIp = number(properties,
            BoundedNumber.count(PREFIX + MAX_CONNECTIONS_PER_IP, 1, 1_000_000), DEFAULT_MAX_CONNECTIONS_PER_IP);
        this.maxConnectsPerIpPerSecond = number(properties,
            BoundedNumber.count(PREFIX + MAX_CONNECTS_PER_IP_PER_SECOND, 1, 1_000_000),
            DEFAULT_MAX_CONNECTS_PER_IP_PER_SECOND);
        this.maxRequestsPerIpPerMinute = number(properties,
            BoundedNumber.count(PREFIX + MAX_REQUESTS_PER_IP_PER_MINUTE, 1, 1_000_000),
            DEFAULT_MAX_REQUESTS_PER_IP_PER_MINUTE);
        this.requestTimeout = BoundedNumber.duration(PREFIX + REQUEST_TIMEOUT_SECONDS, ChronoUnit.SECONDS, 1, 3600)
            .parseDuration(text(properties, REQUEST_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS));
        this.maxHeaderBytes = number(properties, BoundedNumber.bytes(PREFIX + MAX_HEADER_BYTES, 1024, 1024 * 1024),
            DEFAULT_MAX_HEADER_BYTES);
        this.maxHeaders = number(properties, BoundedNumber.count(PREFIX + MAX_HEADERS, 4, 10_000), DEFAULT_MAX_HEADERS);
        if (enabled && tls && keystore.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + KEYSTORE + " is required while " + PREFIX + TLS
                + "=true (set " + PREFIX + TLS + "=false only behind a reverse proxy that serves https)");
        }
    }

    /**
     * Reads the keys that start with {@link #PREFIX}; other keys are not looked at.
     *
     * @throws IllegalArgumentException naming the key that is unknown or has a bad value
     */
    public static WebKeyDirectorySettings from(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !KEYS.contains(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException("unknown key '" + name + "'; known: " + PREFIX + KEYS);
            }
        }
        return new WebKeyDirectorySettings(properties);
    }

    public static WebKeyDirectorySettings disabled() {
        return from(new Properties());
    }

    public boolean enabled() {
        return enabled;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    /** As written: a path or a James URL such as {@code file://conf/keystore}; the caller resolves it. */
    public Optional<String> keystore() {
        return keystore;
    }

    public String keystorePassword() {
        return keystorePassword;
    }

    public String keystoreType() {
        return keystoreType;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    public int maxConnectsPerIpPerSecond() {
        return maxConnectsPerIpPerSecond;
    }

    public int maxRequestsPerIpPerMinute() {
        return maxRequestsPerIpPerMinute;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public int maxHeaders() {
        return maxHeaders;
    }

    private static Optional<String> text(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(PREFIX + key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static boolean bool(Properties properties, String key, boolean defaultValue) {
        Optional<String> value = text(properties, key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().equals("true") || value.get().equals("false")) {
            return Boolean.parseBoolean(value.get());
        }
        throw new IllegalArgumentException(PREFIX + key + " must be true or false, not '" + value.get() + "'");
    }

    /** @param setting named with its {@link #PREFIX}, as the operator writes it */
    private static int number(Properties properties, BoundedNumber setting, int defaultValue) {
        return setting.parseInt(Optional.ofNullable(properties.getProperty(setting.name())), defaultValue);
    }
}
