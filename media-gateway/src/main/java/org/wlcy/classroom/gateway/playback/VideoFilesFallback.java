package org.wlcy.classroom.gateway.playback;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;

/**
 * STAND-IN, to be dropped when the videos helper's branch is merged: the two reads the watch page
 * needs from the videos API that another helper builds ({@code GET /api/videos/{id}}: the catalogue
 * entry; {@code GET /api/videos/{id}/hls/{track}/...}: the HLS package's files). Offered after every
 * other route, so the real one wins once merged.
 */
final class VideoFilesFallback implements ApiRoute {
    private static final Pattern ENTRY = Pattern.compile("/api/videos/([A-Za-z0-9][A-Za-z0-9_-]{0,63})");
    private static final Pattern HLS = Pattern.compile(
            "/api/videos/([A-Za-z0-9][A-Za-z0-9_-]{0,63})/hls/([a-z]{1,16})/((?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}/)?"
                    + "[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}\\.(?:m3u8|ts|m4s|mp4|aac))");
    private final TokenService tokens;
    private final VideoCatalog catalog;
    private final Executor executor;

    VideoFilesFallback(TokenService tokens, VideoCatalog catalog, Executor executor) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.executor = executor;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        if (!req.method().equals(HttpMethod.GET)) {
            return false;
        }
        Matcher e = ENTRY.matcher(path);
        Matcher h = HLS.matcher(path);
        if (!e.matches() && !h.matches()) {
            return false;
        }
        Identity who = ApiRoute.bearer(tokens, req);
        Video v = catalog.find(new VideoId(e.matches() ? e.group(1) : h.group(1))).orElseThrow(() ->
                new ClassroomException(ErrorCode.VIDEO_NOT_WATCHABLE, "no such video"));
        if (!who.mayEnter(v.classroomId())) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + v.classroomId());
        }
        if (e.matches()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", v.id().value());
            body.put("classroomId", v.classroomId().value());
            body.put("kind", v.kind().wire());
            body.put("title", v.title());
            body.put("state", v.state().name().toLowerCase(java.util.Locale.ROOT));
            body.put("durationMillis", v.durationMillis());
            body.put("tracks", v.tracks());
            body.put("sessionId", v.sessionId());
            body.put("originAt", v.originAt() == null ? null : v.originAt().toString());
            json.write(ctx, req, HttpResponseStatus.OK, body);
            return true;
        }
        if (!v.tracks().contains(h.group(2))) {
            throw new ClassroomException(ErrorCode.VIDEO_NOT_WATCHABLE, "video " + v.id() + " has no track " + h.group(2));
        }
        Path file = catalog.folder(v.id()).resolve("hls").resolve(h.group(2)).resolve(h.group(3)).normalize();
        req.retain();
        executor.execute(() -> {
            try {
                byte[] bytes = Files.readAllBytes(file);
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(bytes));
                String name = file.getFileName().toString();
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl"
                        : name.endsWith(".ts") ? "video/mp2t" : name.endsWith(".aac") ? "audio/aac" : "video/mp4");
                res.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=60");
                Json.send(ctx, req, res);
            } catch (NoSuchFileException x) {
                json.error(ctx, req, ErrorCode.VIDEO_NOT_WATCHABLE, "no such file in the package");
            } catch (IOException x) {
                json.error(ctx, req, ErrorCode.INTERNAL, "cannot read the package");
            } finally {
                req.release();
            }
        });
        return true;
    }
}
