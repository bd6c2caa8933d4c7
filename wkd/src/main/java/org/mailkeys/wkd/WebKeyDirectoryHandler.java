package org.mailkeys.wkd;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
import io.netty.util.ReferenceCountUtil;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers one decoded request. Everything a stranger sends is checked before the store is asked: the decoder's
 * size limits, the number of headers, the method, the client's rate, the exact WKD path, a hosted domain. The store
 * and the domain list are asked off the event loop, with a time limit, so no request holds a Netty thread; the
 * time limit runs on the connection's own event loop, and a lookup whose connection closes is cancelled.
 */
@ChannelHandler.Sharable
final class WebKeyDirectoryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebKeyDirectoryHandler.class);

    private final KeyStore keyStore;
    private final HostedDomains hostedDomains;
    private final HostedDomainCache hostedDomainCache;
    private final Duration lookupTimeLimit;
    private final RequestRateLimiter rateLimiter;
    private final int maxHeaders;
    private final WkdMetrics metrics;
    private WebKeyServiceDiscovery webKeyService = WebKeyServiceDiscovery.NONE;
    private final Optional<KeyLogResources> keyLog;

    /**
     * @param lookupTimeLimit how long the domain list and the store together may take before the answer is 503;
     *                        shorter than the connection's time limit, so that the 503 can still be sent
     */
    WebKeyDirectoryHandler(KeyStore keyStore, HostedDomains hostedDomains, HostedDomainCache hostedDomainCache,
                           Duration lookupTimeLimit, RequestRateLimiter rateLimiter, int maxHeaders,
                           WkdMetrics metrics) {
        this(keyStore, hostedDomains, hostedDomainCache, lookupTimeLimit, rateLimiter, maxHeaders, metrics,
            Optional.empty());
    }

    /** @param keyLog the key log's files, served under {@link KeyLogResources#PREFIX} when present */
    @SuppressWarnings("checkstyle:ParameterNumber")
    WebKeyDirectoryHandler(KeyStore keyStore, HostedDomains hostedDomains, HostedDomainCache hostedDomainCache,
                           Duration lookupTimeLimit, RequestRateLimiter rateLimiter, int maxHeaders,
                           WkdMetrics metrics, Optional<KeyLogResources> keyLog) {
        this.keyLog = keyLog;
        this.keyStore = keyStore;
        this.hostedDomains = hostedDomains;
        this.hostedDomainCache = hostedDomainCache;
        this.lookupTimeLimit = lookupTimeLimit;
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
        if (!rateLimiter.tryAcquire(ctx.channel().remoteAddress())) {
            metrics.rateLimited.increment();
            send(ctx, WkdResponses.status(HttpResponseStatus.TOO_MANY_REQUESTS, head));
            return;
        }
        if (keyLog.isPresent() && KeyLogResources.isLogPath(request.uri())) {
            // the same limits as a key: decoder sizes, headers, method, rate; the storage is read off the event loop
            String uri = request.uri();
            new Lookup(ctx, uri, head).start(Mono.fromCallable(() -> keyLog.get().answer(uri, head))
                .subscribeOn(Schedulers.boundedElastic()));
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
        new Lookup(ctx, wkdRequest, head).start(answer(wkdRequest, head, ifNoneMatch, ifModifiedSince));
    }

    /**
     * The hosted-domain check, then the store. A domain the domain list confirmed a moment ago is checked here, on
     * the event loop, and only the store leaves it (a store that blocks runs its I/O on a scheduler of its own, see
     * {@link KeyStore}); any other domain is asked of the domain list off the event loop, and the store after it
     * in the same task.
     */
    private Mono<FullHttpResponse> answer(WkdRequest request, boolean head, Optional<String> ifNoneMatch,
                                          Optional<String> ifModifiedSince) {
        if (hostedDomainCache.knownHosted(request.domain())) {
            // deferred: a store that throws instead of signalling an error is a 503 too, as on the other path
            return Mono.defer(() -> answerHosted(request, head, ifNoneMatch, ifModifiedSince));
        }
        return Mono.fromCallable(() -> hostedDomains.hosts(request.domain()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(hosted -> {
                hostedDomainCache.remember(request.domain(), hosted);
                return hosted ? answerHosted(request, head, ifNoneMatch, ifModifiedSince) : Mono.just(notFound(head));
            });
    }

    private Mono<FullHttpResponse> answerHosted(WkdRequest request, boolean head, Optional<String> ifNoneMatch,
                                                Optional<String> ifModifiedSince) {
        if (request.kind() == WkdRequest.Kind.POLICY) {
            return webKeyService.submissionAddress(request.domain())
                .map(address -> WkdResponses.policy(request.domain(), Optional.of(address), head))
                .switchIfEmpty(Mono.fromSupplier(() -> WkdResponses.policy(request.domain(), Optional.empty(), head)));
        }
        if (request.kind() == WkdRequest.Kind.SUBMISSION_ADDRESS) {
            return webKeyService.submissionAddress(request.domain())
                .map(address -> WkdResponses.submissionAddress(address, head))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(head)));
        }
        if (isSubmissionAddress(request)) {
            // its key is made the first time a domain needs it: make sure it is there before it is looked up
            return webKeyService.submissionAddress(request.domain()).then(Mono.defer(() -> findKey(request, head,
                ifNoneMatch, ifModifiedSince)));
        }
        return findKey(request, head, ifNoneMatch, ifModifiedSince);
    }

    /** Routes the Web Key Service's discovery files (draft-koch-openpgp-webkey-service 4.1, 4.5) to this service. */
    WebKeyDirectoryHandler withWebKeyService(WebKeyServiceDiscovery discovery) {
        this.webKeyService = discovery;
        return this;
    }

    private boolean isSubmissionAddress(WkdRequest request) {
        String localPart = webKeyService.submissionLocalPart();
        return !localPart.isEmpty() && WebKeyHash.ofLocalPart(localPart).equals(request.hashedLocalPart());
    }

    private Mono<FullHttpResponse> findKey(WkdRequest request, boolean head, Optional<String> ifNoneMatch,
                                           Optional<String> ifModifiedSince) {
        return find(request)
            .map(key -> {
                metrics.keysServed.increment();
                return WkdResponses.key(key, head, ifNoneMatch, ifModifiedSince);
            })
            .switchIfEmpty(Mono.fromSupplier(() -> notFound(head)));
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

    /**
     * One request's lookup: answered, failed, timed out or abandoned (its connection closed), whichever comes first,
     * exactly once. Every step runs on the connection's event loop, so its fields need no locks.
     */
    private final class Lookup {
        private final ChannelHandlerContext ctx;
        /** What was asked, for the log: a WKD request or a key log path. */
        private final Object request;
        private final boolean head;
        private ScheduledFuture<?> deadline;
        private Disposable subscription;
        private boolean over;

        Lookup(ChannelHandlerContext ctx, Object request, boolean head) {
            this.ctx = ctx;
            this.request = request;
            this.head = head;
        }

        void start(Mono<FullHttpResponse> answer) {
            deadline = ctx.executor().schedule(this::timeOut, lookupTimeLimit.toMillis(), TimeUnit.MILLISECONDS);
            ctx.channel().closeFuture().addListener(closed -> abandon());
            subscription = answer.subscribe(
                response -> onEventLoop(() -> answered(response)),
                error -> onEventLoop(() -> failed(error.toString())));
        }

        private void answered(FullHttpResponse response) {
            if (over) {
                ReferenceCountUtil.release(response);
                return;
            }
            end();
            send(ctx, response);
        }

        private void failed(String why) {
            if (over) {
                return;
            }
            end();
            metrics.storeFailures.increment();
            LOGGER.warn("WKD lookup of {} failed: {}", request, why);
            send(ctx, WkdResponses.status(HttpResponseStatus.SERVICE_UNAVAILABLE, head));
        }

        private void timeOut() {
            failed("no answer within " + lookupTimeLimit.toMillis() + " ms");
        }

        private void abandon() {
            if (!over) {
                end();
            }
        }

        private void end() {
            over = true;
            deadline.cancel(false);
            if (subscription != null) {
                subscription.dispose();
            }
        }

        private void onEventLoop(Runnable step) {
            if (ctx.executor().inEventLoop()) {
                step.run();
            } else {
                ctx.executor().execute(step);
            }
        }
    }
}
