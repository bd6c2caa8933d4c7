package org.mailkeys.wkd;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Linux's epoll through Netty's native transport when it can be loaded (James 3.8.1 ships it, for Linux on x86-64),
 * else Java NIO. The native transport wakes an event loop and accepts a connection with fewer system calls, which a
 * lookup (one connection per request) pays every time.
 */
enum NettyTransport {
    EPOLL, NIO;

    static NettyTransport available() {
        try {
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (LinkageError e) {
            return NIO; // the classes of the native transport are not on the class path
        }
    }

    EventLoopGroup eventLoops(int threads, ThreadFactory threadFactory) {
        return this == EPOLL ? new EpollEventLoopGroup(threads, threadFactory)
            : new NioEventLoopGroup(threads, threadFactory);
    }

    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
