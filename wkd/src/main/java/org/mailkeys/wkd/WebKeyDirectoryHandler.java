package org.mailkeys.wkd;

import java.time.Duration;
import java.util.Optional;

import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WebKeyHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers one decoded request. Everything a stranger sends is checked before the store is asked: the decoder's
 * size limits, the number of headers, the method, the client's rate, the exact WKD path, a hosted domain. The store
 * and the domain list are asked off the event loop, with a time limit, so no request holds a Netty thread.
 */
@ChannelHandler.Sharable
final class WebKeyDirectoryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebKeyDirectoryHandler.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final KeyStore keyStore;
    private final HostedDomains hostedDomains;
    private final RequestRateLimiter rateLimiter;
    private final int maxHeaders;
    private final WkdMetrics metrics;

    WebKeyDirectoryHandler(KeyStore keyStore, HostedDomains hostedDomains, RequestRateLimiter rateLimiter,
                           int maxHeaders, WkdMetrics metrics) {
        this.keyStore = keyStore;
        this.hostedDomains = hostedDomains;
        this.rateLimiter = rateLimiter;
        this.maxHeaders = maxHeaders;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        metrics.requests.increment();
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (request.decoderResult().isFailure()) {
            refuse(ctx, decoderFailureStatus(request.decoderResult().cause()), head);
            return;
        }
        if (request.headers().size() > maxHeaders) {
            refuse(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, head);
            return;
        }
        if (!head && !request.method().equals(HttpMethod.GET)) {
            refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, false);
            return;
        }
        if (!rateLimiter.tryAcquire(ClientAddresses.counted(ctx.channel().remoteAddress()))) {
            metrics.rateLimited.increment();
            send(ctx, WkdResponses.status(HttpResponseStatus.TOO_MANY_REQUESTS, head));
            return;
        }
        WkdRequest wkdRequest;
        try {
            wkdRequest = WkdRequestParser.parse(request.uri(), Optional.ofNullable(request.headers().get(
                HttpHeaderNames.HOST)));
        } catch (WkdRequestParser.NotAWkdRequest e) {
            LOGGER.debug("Not a WKD request: {}", e.getMessage());
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, head);
            return;
        }
        Optional<String> ifNoneMatch = Optional.ofNullable(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        Optional<String> ifModifiedSince = Optional.ofNullable(request.headers().get(
            HttpHeaderNames.IF_MODIFIED_SINCE));
        answer(wkdRequest, head, ifNoneMatch, ifModifiedSince)
            .timeout(LOOKUP_TIMEOUT)
            .onErrorResume(e -> {
                metrics.storeFailures.increment();
                LOGGER.warn("WKD lookup of {} failed: {}", wkdRequest, e.toString());
                return Mono.just(WkdResponses.status(HttpResponseStatus.SERVICE_UNAVAILABLE, head));
            })
            .subscribe(response -> send(ctx, response));
    }

    private Mono<FullHttpResponse> answer(WkdRequest request, boolean head, Optional<String> ifNoneMatch,
                                          Optional<String> ifModifiedSince) {
        return Mono.fromCallable(() -> hostedDomains.hosts(request.domain()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(hosted -> {
                if (!hosted) {
                    return Mono.just(notFound(head));
                }
                if (request.kind() == WkdRequest.Kind.POLICY) {
                    return Mono.just(WkdResponses.policy(request.domain(), head));
                }
                return find(request)
                    .map(key -> {
                        metrics.keysServed.increment();
                        return WkdResponses.key(key, head, ifNoneMatch, ifModifiedSince);
                    })
                    .switchIfEmpty(Mono.fromSupplier(() -> notFound(head)));
            });
    }

    /** By the local part when the client sent it, else by the index; either way only a key of that very hash. */
    private Mono<StoredKey> find(WkdRequest request) {
        Mono<StoredKey> found = request.localPart()
            .map(localPart -> keyStore.find(localPart + "@" + request.domain()))
            .orElseGet(() -> keyStore.findByWebKeyHash(request.domain(), request.hashedLocalPart()));
        return found.filter(key -> key.address().endsWith("@" + request.domain())
            && WebKeyHash.ofAddress(key.address()).equals(request.hashedLocalPart()));
    }

    private FullHttpResponse notFound(boolean head) {
        metrics.notFound.increment();
        return WkdResponses.status(HttpResponseStatus.NOT_FOUND, head);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, boolean head) {
        metrics.refused.increment();
        send(ctx, WkdResponses.status(status, head));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static HttpResponseStatus decoderFailureStatus(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("WKD connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
