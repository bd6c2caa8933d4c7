package org.mailkeys.wkd;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Closes a new connection at once when the server already holds its maximum, or the client's address (or IPv6 /64)
 * holds its share: one client cannot take every connection. First in the pipeline, before TLS costs anything.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<String> COUNTED_AS = AttributeKey.valueOf("mailkeys.wkd.countedAs");

    private final int maxConnections;
    private final int maxPerClient;
    private final WkdMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, AtomicInteger> openPerClient = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxConnections, int maxPerClient, WkdMetrics metrics) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String client = ClientAddresses.counted(ctx.channel().remoteAddress());
        if (!admit(client)) {
            metrics.connectionsRefused.increment();
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED_AS).set(client);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String client = ctx.channel().attr(COUNTED_AS).getAndSet(null);
        if (client != null) {
            release(client);
        }
        super.channelInactive(ctx);
    }

    int openConnections() {
        return open.get();
    }

    private boolean admit(String client) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        openPerClient.compute(client, (ignored, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < maxPerClient) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
        }
        return admitted[0];
    }

    private void release(String client) {
        open.decrementAndGet();
        openPerClient.computeIfPresent(client, (ignored, count) -> count.decrementAndGet() == 0 ? null : count);
    }
}
