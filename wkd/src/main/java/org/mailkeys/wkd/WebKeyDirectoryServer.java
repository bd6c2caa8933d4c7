package org.mailkeys.wkd;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;

import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Web Key Directory listener (draft-koch-openpgp-webkey-service): HTTPS, or plain HTTP behind a reverse proxy
 * that serves HTTPS, on Netty, answering GET and HEAD from the {@link org.mailkeys.store.KeyStore}. It keeps no copy
 * of the keys: what the store holds now is what it serves, on every node that reads the same store.
 *
 * <p>Bounds, in pipeline order: connection attempts per client and second, connections in all and per client (an
 * IPv4 address or IPv6 /64, and an IPv6 /48), all checked before a TLS engine exists ({@link ConnectionLimiter}); the
 * whole connection's time (TLS handshake, request and answer); under pressure, a short grace for the request head
 * ({@link IdleUnderPressure}); the request line (2 KiB), the headers (bytes and count), a request body (none
 * expected: 1 KiB), the client's request rate (per client and per IPv6 /48). Every check is O(1). The event loop never blocks: the domain list runs on Reactor's bounded elastic
 * scheduler (unless it confirmed the domain a moment ago, see {@link HostedDomainCache}), and the store never blocks
 * its caller. The same two event loops accept and serve connections, so a connection is not handed between threads.
 */
public final class WebKeyDirectoryServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebKeyDirectoryServer.class);
    private static final int MAX_BODY_BYTES = 1024;
    private static final int WORKER_THREADS = 2;

    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ConnectionLimiter connectionLimiter;

    private WebKeyDirectoryServer(EventLoopGroup workers, Channel serverChannel,
                                  ConnectionLimiter connectionLimiter) {
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.connectionLimiter = connectionLimiter;
    }

    /**
     * Binds and starts serving.
     *
     * @param keystore the TLS key and certificate chain, required when {@code settings.tls()}
     */
    public static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                              org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                              MetricFactory metricFactory) throws IOException {
        return start(settings, keystore, keyStore, hostedDomains, metricFactory, WebKeyServiceDiscovery.NONE,
            Optional.empty(), Clock.systemUTC());
    }

    /** Binds and starts serving, with the Web Key Service's discovery files. */
    public static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                              org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                              MetricFactory metricFactory, WebKeyServiceDiscovery webKeyService)
        throws IOException {
        return start(settings, keystore, keyStore, hostedDomains, metricFactory, webKeyService, Optional.empty(),
            Clock.systemUTC());
    }

    /** Binds and starts serving, the key log's files too when given (docs/PROTOCOL.md 12). */
    public static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                              org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                              MetricFactory metricFactory, Optional<KeyLogResources> keyLog)
        throws IOException {
        return start(settings, keystore, keyStore, hostedDomains, metricFactory, WebKeyServiceDiscovery.NONE, keyLog,
            Clock.systemUTC());
    }

    /**
     * Binds and starts serving: the Web Key Directory, the Web Key Service's discovery files and, when given, the key
     * log's files (docs/PROTOCOL.md 12).
     *
     * @param keystore the TLS key and certificate chain, required when {@code settings.tls()}
     */
    public static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                              org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                              MetricFactory metricFactory, WebKeyServiceDiscovery webKeyService,
                                              Optional<KeyLogResources> keyLog) throws IOException {
        return start(settings, keystore, keyStore, hostedDomains, metricFactory, webKeyService, keyLog,
            Clock.systemUTC());
    }

    /** As above, with the clock of the rate limits (tests). */
    static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                       org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                       MetricFactory metricFactory, WebKeyServiceDiscovery webKeyService, Clock clock)
        throws IOException {
        return start(settings, keystore, keyStore, hostedDomains, metricFactory, webKeyService, Optional.empty(),
            clock);
    }

    static WebKeyDirectoryServer start(WebKeyDirectorySettings settings, Optional<KeyStore> keystore,
                                       org.mailkeys.store.KeyStore keyStore, HostedDomains hostedDomains,
                                       MetricFactory metricFactory, WebKeyServiceDiscovery webKeyService,
                                       Optional<KeyLogResources> keyLog, Clock clock)
        throws IOException {
        Optional<SslContext> tls = settings.tls()
            ? Optional.of(sslContext(keystore.orElseThrow(() -> new IllegalArgumentException(
                "a TLS keystore is required")), settings.keystorePassword()))
            : Optional.empty();
        WkdMetrics metrics = new WkdMetrics(metricFactory);
        ConnectionLimiter connectionLimiter = new ConnectionLimiter(settings.maxConnections(),
            settings.maxConnectionsPerIp(), new RequestRateLimiter(settings.maxConnectsPerIpPerSecond(),
            Duration.ofSeconds(1), clock), metrics);
        WebKeyDirectoryHandler handler = new WebKeyDirectoryHandler(keyStore, hostedDomains,
            HostedDomainCache.withDefaults(), lookupTimeLimit(settings),
            new RequestRateLimiter(settings.maxRequestsPerIpPerMinute(), clock), settings.maxHeaders(),
            metrics, keyLog).withWebKeyService(webKeyService);

        NettyTransport transport = NettyTransport.available();
        EventLoopGroup workers = transport.eventLoops(WORKER_THREADS, new DefaultThreadFactory("mailkeys-wkd", true));
        try {
            Channel channel = new ServerBootstrap()
                .group(workers, workers) // accepted where served: no hand-over between threads per connection
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (!connectionLimiter.admit(channel)) {
                            channel.close(); // before any byte is read or any TLS engine made
                            return;
                        }
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(connectionLimiter);
                        pipeline.addLast(new ConnectionDeadline(settings.requestTimeout(), metrics));
                        tls.ifPresent(context -> pipeline.addLast(context.newHandler(channel.alloc())));
                        pipeline.addLast(new HttpServerCodec(WebKeyDirectorySettings.MAX_REQUEST_LINE_BYTES,
                            settings.maxHeaderBytes(), MAX_BODY_BYTES));
                        pipeline.addLast(new IdleUnderPressure(connectionLimiter, metrics));
                        pipeline.addLast(new HttpObjectAggregator(MAX_BODY_BYTES, true));
                        pipeline.addLast(handler);
                    }
                })
                .bind(new InetSocketAddress(settings.host(), settings.port()))
                .syncUninterruptibly()
                .channel();
            WebKeyDirectoryServer server = new WebKeyDirectoryServer(workers, channel, connectionLimiter);
            LOGGER.info("MailKeys Web Key Directory listening on {} ({}, {})", server.address(),
                settings.tls() ? "https" : "http behind a reverse proxy", transport);
            return server;
        } catch (RuntimeException e) {
            workers.shutdownGracefully();
            throw new IOException("Cannot start the Web Key Directory on " + settings.host() + ":" + settings.port()
                + ": " + e.getMessage(), e);
        }
    }

    /** Half the connection's time limit: a store that does not answer in time still gets its 503 out. */
    static Duration lookupTimeLimit(WebKeyDirectorySettings settings) {
        return settings.requestTimeout().dividedBy(2);
    }

    /** Reads a PKCS12 or JKS keystore. */
    public static KeyStore loadKeystore(InputStream in, String type, String password) throws IOException {
        try {
            KeyStore keystore = KeyStore.getInstance(type);
            keystore.load(in, password.toCharArray());
            return keystore;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read the Web Key Directory keystore: " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(KeyStore keystore, String password) throws IOException {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keystore, password.toCharArray());
            return SslContextBuilder.forServer(keyManagers)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot use the Web Key Directory keystore: " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    int openConnections() {
        return connectionLimiter.openConnections();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        LOGGER.info("MailKeys Web Key Directory stopped");
    }
}
