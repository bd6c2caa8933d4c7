package org.mailkeys.wkd;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Closes a connection that has not sent a whole request head within {@link #GRACE} while the server is under
 * pressure ({@link ConnectionLimiter#underPressure}), instead of letting it hold its slot for the whole request time
 * limit. Without pressure such a connection keeps its time limit (a slow network is not an attack); with it, an
 * attacker who wants to hold slots with idle connections must open a new one per slot every couple of seconds, which
 * the per-address connection rate and share bound. Two event loops may both see pressure at once and close one idle
 * connection more than needed: harmless, it had not sent a request. Sits after the HTTP decoder: the request head has arrived when
 * the decoder emits an {@link HttpRequest}. Checks run on the connection's event loop, a few per connection at most.
 */
final class IdleUnderPressure extends ChannelInboundHandlerAdapter {
    static final Duration GRACE = Duration.ofSeconds(2);

    private final ConnectionLimiter connections;
    private final WkdMetrics metrics;
    private ScheduledFuture<?> check;
    private boolean requestArrived;

    IdleUnderPressure(ConnectionLimiter connections, WkdMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        schedule(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof HttpRequest) {
            requestArrived = true;
            cancel();
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void schedule(ChannelHandlerContext ctx) {
        check = ctx.executor().schedule(() -> check(ctx), GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (requestArrived || !ctx.channel().isOpen()) {
            return;
        }
        if (connections.underPressure()) {
            metrics.idleClosed.increment();
            ctx.close();
            return;
        }
        schedule(ctx); // the connection's own time limit still ends it
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
