package org.mailkeys.wkd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import org.mailkeys.store.StoredKey;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The answers of the directory. Every answer carries {@code Access-Control-Allow-Origin: *} (section 3.1 of the
 * WKD draft: web mail programs fetch keys from scripts) and closes the connection, so that one connection serves
 * one request and its time limit is simple. A HEAD answer has the headers of the GET answer and no body.
 */
final class WkdResponses {
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String TEXT = "text/plain; charset=utf-8";

    private WkdResponses() {
    }

    /**
     * The key bytes exactly as the store holds them (the bytes a retrieval answer carries), with the key's version as
     * ETag and its publication time as Last-Modified; 304 when the client's copy is current.
     */
    static FullHttpResponse key(StoredKey key, boolean head, Optional<String> ifNoneMatch,
                                Optional<String> ifModifiedSince) {
        String etag = "\"" + key.version() + "\"";
        Instant lastModified = key.publishedAt().truncatedTo(ChronoUnit.SECONDS);
        boolean notModified = ifNoneMatch.isPresent() ? matches(ifNoneMatch.get(), etag)
            : ifModifiedSince.flatMap(WkdResponses::httpDate).map(since -> !lastModified.isAfter(since)).orElse(false);
        FullHttpResponse response = notModified
            ? empty(HttpResponseStatus.NOT_MODIFIED)
            : withBody(HttpResponseStatus.OK, OCTET_STREAM, key.keyBytes(), head);
        response.headers()
            .set(HttpHeaderNames.ETAG, etag)
            .set(HttpHeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                lastModified.atZone(ZoneOffset.UTC)))
            // a deleted or replaced key must not live on in caches: revalidate every time (cheap with the ETag)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }

    /**
     * The policy file (section 4.5). With the Web Key Service it names the submission address (the
     * {@code submission-address} keyword). No other flag applies: {@code mailbox-only} does not (a user ID with a
     * name and the address is taken), nor {@code auth-submit} (a submission is confirmed by mail, section 4.4, even
     * though it must come over SMTP AUTH), nor the deprecated {@code dane-only}.
     */
    static FullHttpResponse policy(String domain, Optional<String> submissionAddress, boolean head) {
        String text = submissionAddress
            .map(address -> "# Web Key Directory and Web Key Service of " + domain + " (MailKeys)\n"
                + "submission-address: " + address + "\n")
            .orElse("# Web Key Directory of " + domain + " (MailKeys). Keys are published by mail to the key"
                + " service of " + domain + ", not through the Web Key Service.\n");
        return withBody(HttpResponseStatus.OK, TEXT, text.getBytes(StandardCharsets.UTF_8), head);
    }

    /** The submission address file (section 4.1): the address alone on one line. */
    static FullHttpResponse submissionAddress(String address, boolean head) {
        return withBody(HttpResponseStatus.OK, TEXT, (address + "\n").getBytes(StandardCharsets.UTF_8), head);
    }

    static FullHttpResponse status(HttpResponseStatus status, boolean head) {
        FullHttpResponse response = withBody(status, TEXT,
            (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.UTF_8), head);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else if (status.equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "60");
        }
        return response;
    }

    private static FullHttpResponse withBody(HttpResponseStatus status, String contentType, byte[] body,
                                             boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        commonHeaders(response.headers())
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        commonHeaders(response.headers());
        return response;
    }

    private static HttpHeaders commonHeaders(HttpHeaders headers) {
        return headers
            .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
            .set("X-Content-Type-Options", "nosniff");
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return Arrays.stream(ifNoneMatch.split(","))
            .map(String::trim)
            .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
            .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
