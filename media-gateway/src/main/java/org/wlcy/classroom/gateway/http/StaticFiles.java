package org.wlcy.classroom.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The pages of {@code web-static}: classpath resources under {@code web/}, read once and kept in
 * memory (they are small). Only plain relative paths are served; nothing outside {@code web/}.
 */
final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    /** Third-party scripts from their Maven webjars, under stable paths. */
    private static final Map<String, String> VENDOR = Map.of(
            "/vendor/hls.min.js", "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js");
    private final ClassLoader loader;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The response for a path, or empty when there is no such page. */
    Optional<FullHttpResponse> get(String path) {
        if (path.equals("/")) {
            path = "/index.html";
        }
        if (!SAFE.matcher(path).matches() || path.contains("..")
                || path.lastIndexOf('.') < path.lastIndexOf('/')) {
            return Optional.empty();
        }
        String resource = VENDOR.getOrDefault(path, "web" + path);
        Optional<byte[]> body = cache.get(resource);
        if (body == null) {
            body = read(resource);
            if (body.isPresent()) {
                cache.put(resource, body);
            }
        }
        return body.map(bytes -> {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(bytes));
            String ext = resource.substring(resource.lastIndexOf('.') + 1);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            return res;
        });
    }

    private Optional<byte[]> read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
