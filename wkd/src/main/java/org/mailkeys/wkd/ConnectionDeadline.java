package org.mailkeys.wkd;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes a connection that is still open after the request time limit, whatever it is doing: a TLS handshake, a
 * request line sent a byte at a time (slowloris), or an answer read slowly. Connections serve one request, so this
 * bounds how long any client holds one. Nothing waits on a thread: Netty's event loop runs the timer.
 */
final class ConnectionDeadline extends ChannelInboundHandlerAdapter {
    private final Duration limit;
    private final WkdMetrics metrics;
    private ScheduledFuture<?> deadline;

    ConnectionDeadline(Duration limit, WkdMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        deadline = ctx.executor().schedule(() -> {
            if (ctx.channel().isOpen()) {
                metrics.timedOut.increment();
                ctx.close();
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
