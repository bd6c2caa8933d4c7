package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.mailkeys.testing.Prerequisites;

class NettyTransportTest {
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void eachTransportShouldAcceptAndServeOnTheSameEventLoops(NettyTransport transport) throws Exception {
        Prerequisites.require(transport == NettyTransport.NIO || NettyTransport.available() == NettyTransport.EPOLL,
            "Netty's epoll transport is not available on this machine");
        EventLoopGroup loops = transport.eventLoops(2, new DefaultThreadFactory("transport-test", true));
        try {
            Channel server = new ServerBootstrap()
                .group(loops, loops)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(ctx.alloc().buffer().writeByte('!')).addListener(f -> ctx.close());
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.81.3", 0)).syncUninterruptibly().channel();
            try (Socket client = new Socket()) {
                client.connect(server.localAddress(), 10_000);
                client.setSoTimeout(10_000);

                assertThat(client.getInputStream().read()).isEqualTo('!');
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            } finally {
                server.close().syncUninterruptibly();
            }
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void linuxOnX86ShouldGetEpollAsJamesShipsIt() {
        Prerequisites.require("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
            "not Linux on amd64, where James ships Netty's epoll transport");

        assertThat(NettyTransport.available()).isEqualTo(NettyTransport.EPOLL);
    }
}
