package org.mailkeys.benchmarks;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;

import org.mailkeys.testing.TestCertificates;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The bound of the WKD listener against nginx: the same Netty (native epoll, two event loops that accept and serve),
 * the same HTTP codec and, over TLS, the same JDK TLS set-up (TLS 1.3 and 1.2, the same certificate), answering every
 * request at once with the same key bytes and closing, with none of the listener's work (no limits, no parsing, no
 * store). What separates it from nginx is Netty and the JDK's TLS; what separates the listener from it is ours.
 */
final class BareNettyServer implements AutoCloseable {
    private final EventLoopGroup loops;
    private final Channel channel;

    private BareNettyServer(EventLoopGroup loops, Channel channel) {
        this.loops = loops;
        this.channel = channel;
    }

    static BareNettyServer start(InetSocketAddress address, Optional<Path> pkcs12, byte[] body) throws Exception {
        Optional<SslContext> tls = pkcs12.isPresent() ? Optional.of(sslContext(pkcs12.get())) : Optional.empty();
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's native epoll transport is not available", Epoll.unavailabilityCause());
        }
        EventLoopGroup loops = new EpollEventLoopGroup(2, new DefaultThreadFactory("bare-netty", true));
        FixedAnswer answer = new FixedAnswer(body);
        Channel channel = new ServerBootstrap()
            .group(loops, loops)
            .channel(EpollServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    tls.ifPresent(context -> ch.pipeline().addLast(context.newHandler(ch.alloc())));
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1024), answer);
                }
            })
            .bind(address).syncUninterruptibly().channel();
        return new BareNettyServer(loops, channel);
    }

    /** As the WKD listener makes its TLS context (WebKeyDirectoryServer#sslContext). */
    private static SslContext sslContext(Path pkcs12) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            keystore.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keystore, TestCertificates.PASSWORD.toCharArray());
        return SslContextBuilder.forServer(keyManagers).protocols("TLSv1.3", "TLSv1.2").build();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ChannelHandler.Sharable
    private static final class FixedAnswer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final byte[] body;

        FixedAnswer(byte[] body) {
            this.body = body;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
            response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
