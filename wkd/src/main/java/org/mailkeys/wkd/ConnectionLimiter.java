package org.mailkeys.wkd;

import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Admits a new connection, or closes it before anything is read from it and before a TLS engine exists for it
 * ({@link #admit}, called when the channel is set up). Refused: a client address (or IPv6 /64, or /48) that opens
 * connections faster than its rate, a server that holds its maximum, a client that holds its share (an IPv6 /48
 * {@link ClientAddresses#SITE_FACTOR} times that). Each check is O(1). Stays first in the pipeline to give the
 * connection's slots back when it closes.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Slots> COUNTED_AS = AttributeKey.valueOf("mailkeys.wkd.countedAs");

    /** The slots one connection holds: in all, its client's and its site's (IPv6 /48). */
    private static final class Slots {
        private final String client;
        private final Optional<String> site;

        private Slots(String client, Optional<String> site) {
            this.client = client;
            this.site = site;
        }
    }

    private final int maxConnections;
    private final int maxPerClient;
    private final RequestRateLimiter attempts;
    private final WkdMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, AtomicInteger> openPerClient = new ConcurrentHashMap<>();

    /**
     * @param attempts connection attempts per client and second, counted before any other check: a client over it
     *                 costs one accept and one close, never a TLS handshake
     */
    ConnectionLimiter(int maxConnections, int maxPerClient, RequestRateLimiter attempts, WkdMetrics metrics) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.attempts = attempts;
        this.metrics = metrics;
    }

    /** True when the connection may go on; it then holds its slots until it closes. The caller closes a refused one. */
    boolean admit(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (!attempts.tryAcquire(remote)) {
            metrics.connectsRateLimited.increment();
            return false;
        }
        Slots slots = new Slots(ClientAddresses.counted(remote), ClientAddresses.site(remote));
        if (!take(slots)) {
            metrics.connectionsRefused.increment();
            return false;
        }
        channel.attr(COUNTED_AS).set(slots);
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Slots slots = ctx.channel().attr(COUNTED_AS).getAndSet(null);
        if (slots != null) {
            release(slots);
        }
        super.channelInactive(ctx);
    }

    int openConnections() {
        return open.get();
    }

    /** More than half of the connections are taken: connections that have not sent a request are closed early. */
    boolean underPressure() {
        return open.get() > maxConnections / 2;
    }

    private boolean take(Slots slots) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return false;
        }
        if (slots.site.isPresent() && !takeOne(slots.site.get(), maxPerClient * ClientAddresses.SITE_FACTOR)) {
            open.decrementAndGet();
            return false;
        }
        if (!takeOne(slots.client, maxPerClient)) {
            slots.site.ifPresent(this::releaseOne);
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    private boolean takeOne(String holder, int max) {
        boolean[] taken = {false};
        openPerClient.compute(holder, (ignored, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < max) {
                current.incrementAndGet();
                taken[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return taken[0];
    }

    private void release(Slots slots) {
        open.decrementAndGet();
        releaseOne(slots.client);
        slots.site.ifPresent(this::releaseOne);
    }

    private void releaseOne(String holder) {
        openPerClient.computeIfPresent(holder, (ignored, count) -> count.decrementAndGet() == 0 ? null : count);
    }
}
