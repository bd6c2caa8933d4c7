package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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

class NettyTransportTest {
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void eachTransportShouldAcceptAndServeOnTheSameEventLoops(NettyTransport transport) throws Exception {
        assumeThat(transport == NettyTransport.NIO || NettyTransport.available() == NettyTransport.EPOLL).isTrue();
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
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        assumeThat(System.getProperty("os.arch")).isEqualTo("amd64");

        assertThat(NettyTransport.available()).isEqualTo(NettyTransport.EPOLL);
    }
}
