package org.mailkeys.wkd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.TileId;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The key log under {@code /.well-known/mailkeys/log/} (docs/PROTOCOL.md 12): {@code checkpoint}, the tiles and
 * entry bundles named as C2SP tlog-tiles names them, and {@code keys} (the {@code vkey} and {@code vrf} lines). Full
 * tiles never change and may be cached forever; the checkpoint is short-lived. Only exact, canonical names are
 * answered: anything else is 404 before the storage is asked.
 */
public final class KeyLogResources {
    public static final String PREFIX = "/.well-known/mailkeys/log/";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String FOREVER = "public, max-age=31536000, immutable";
    private static final String PARTIAL = "public, max-age=3600";
    private static final String CHECKPOINT = "no-cache, max-age=0";

    private final LogStorage storage;
    private final byte[] publicKeys;

    /** @param publicKeys the two lines of {@code keys}: {@code vkey ...} and {@code vrf ...} */
    public KeyLogResources(LogStorage storage, String publicKeys) {
        this.storage = storage;
        this.publicKeys = publicKeys.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isLogPath(String uri) {
        return uri.startsWith(PREFIX);
    }

    /** The answer to a GET or HEAD of {@code uri}, which {@link #isLogPath} accepted. Reads the storage: block here. */
    FullHttpResponse answer(String uri, boolean head) throws IOException {
        String name = uri.substring(PREFIX.length());
        if (name.equals("checkpoint")) {
            Optional<String> note = storage.checkpoint();
            return note.map(text -> ok(TEXT, text.getBytes(StandardCharsets.UTF_8), CHECKPOINT, head))
                .orElseGet(() -> WkdResponses.status(HttpResponseStatus.NOT_FOUND, head));
        }
        if (name.equals("keys")) {
            return ok(TEXT, publicKeys, PARTIAL, head);
        }
        Optional<TileId> tile = TileId.parse(name);
        if (tile.isEmpty()) {
            return WkdResponses.status(HttpResponseStatus.NOT_FOUND, head);
        }
        Optional<byte[]> bytes = storage.read(tile.get());
        return bytes.map(data -> ok(OCTET_STREAM, data, tile.get().isFull() ? FOREVER : PARTIAL, head))
            .orElseGet(() -> WkdResponses.status(HttpResponseStatus.NOT_FOUND, head));
    }

    private static FullHttpResponse ok(String contentType, byte[] body, String cacheControl, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
            .set("X-Content-Type-Options", "nosniff")
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .set(HttpHeaderNames.CACHE_CONTROL, cacheControl)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }
}
