package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.jobs.VideoJobRunner;
import org.wlcy.classroom.playback.upload.UploadFiles;
import org.wlcy.classroom.playback.upload.UploadTicket;

/**
 * The videos' REST endpoints (docs/protocol.md, "Videos"): a class's catalogue, new uploads,
 * one entry with its upload state, retry, mark checked, and the HLS files players load. The
 * chunks of an upload ({@code PUT /api/videos/{id}/source}) are streamed by {@link UploadStreamHandler}
 * and never reach this route. File and catalogue writes run on the I/O executor, which writes
 * the response.
 */
final class VideoApi implements ApiRoute {
    private static final Logger LOG = LoggerFactory.getLogger(VideoApi.class);
    private static final Pattern CLASS_VIDEOS = Pattern.compile("^/api/classes/([^/]+)/videos$");
    private static final Pattern VIDEO = Pattern.compile("^/api/videos/([^/]+)(/retry|/check)?$");
    private static final Pattern HLS = Pattern.compile(
            "^/api/videos/([^/]+)/hls/([a-z0-9_-]{1,32})/((?:[a-z0-9_-]{1,32}/)?[A-Za-z0-9_-]{1,64}\\.(m3u8|ts))$");
    private static final int MAX_TITLE = 200;
    private static final int MAX_FILE_NAME = 255;

    private final TokenService tokens;
    private final VideoCatalog catalog;
    private final VideoJobRunner jobs;
    private final UploadFiles uploads;
    private final GatewayConfig.Playback config;
    private final Executor io;
    private final InstantSource clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    VideoApi(TokenService tokens, VideoCatalog catalog, VideoJobRunner jobs, UploadFiles uploads,
             GatewayConfig.Playback config, Executor io, InstantSource clock) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.jobs = jobs;
        this.uploads = uploads;
        this.config = config;
        this.io = io;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m;
        HttpMethod method = req.method();
        try {
            if ((m = CLASS_VIDEOS.matcher(path)).matches()) {
                ClassroomId classroom = classroomId(m.group(1));
                if (method.equals(HttpMethod.GET)) {
                    list(ctx, req, json, classroom);
                } else if (method.equals(HttpMethod.POST)) {
                    create(ctx, req, json, classroom);
                } else {
                    return false;
                }
                return true;
            }
            if ((m = HLS.matcher(path)).matches() && method.equals(HttpMethod.GET)) {
                hls(ctx, req, json, videoId(m.group(1)), m.group(2), m.group(3), m.group(4));
                return true;
            }
            if (path.startsWith("/api/videos/") && path.contains("/hls/")) {
                throw new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no such file in the video's package");
            }
            if (path.matches("^/api/videos/[^/]+/source$")) {
                // Only reached when the streaming handler is not in the pipeline.
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "upload chunks with PUT ?offset=N");
            }
            if ((m = VIDEO.matcher(path)).matches()) {
                VideoId id = videoId(m.group(1));
                String action = m.group(2);
                if (action == null && method.equals(HttpMethod.GET)) {
                    get(ctx, req, json, id);
                } else if (action == null && method.equals(HttpMethod.DELETE)) {
                    delete(ctx, req, json, id);
                } else if ("/retry".equals(action) && method.equals(HttpMethod.POST)) {
                    retry(ctx, req, json, id);
                } else if ("/check".equals(action) && method.equals(HttpMethod.POST)) {
                    check(ctx, req, json, id);
                } else {
                    return false;
                }
                return true;
            }
        } catch (ClassroomException e) {
            fail(ctx, req, json, e);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ catalogue

    private void list(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ClassroomId classroom) {
        Identity who = ApiRoute.bearer(tokens, req);
        VideoViews.checkReader(who, classroom);
        List<Map<String, Object>> videos = catalog.list(classroom).stream()
                .filter(v -> VideoViews.visible(who, v))
                .map(v -> VideoViews.view(who, v))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", classroom.value());
        body.put("videos", videos);
        json.write(ctx, req, HttpResponseStatus.OK, body);
    }

    private void create(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ClassroomId classroom) {
        Identity who = ApiRoute.bearer(tokens, req);
        VideoViews.checkLecturer(who, classroom, "upload videos");
        JsonNode body = body(req);
        String title = text(body, "title").trim();
        String fileName = text(body, "fileName").trim();
        String contentType = body.hasNonNull("contentType") ? text(body, "contentType") : "";
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "title must be 1-" + MAX_TITLE + " characters");
        }
        if (fileName.isEmpty() || fileName.length() > MAX_FILE_NAME) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "fileName must be 1-" + MAX_FILE_NAME + " characters");
        }
        if (!body.path("size").canConvertToLong() || !body.path("size").isIntegralNumber() || body.path("size").asLong() <= 0) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "size must be the file's size in bytes (> 0)");
        }
        long size = body.path("size").asLong();
        long max = config.maxUploadMegabytes() * 1024L * 1024L;
        if (size > max) {
            throw new ClassroomException(ErrorCode.UPLOAD_TOO_LARGE, "the file is " + megabytes(size)
                    + " MB; at most " + config.maxUploadMegabytes() + " MB may be uploaded");
        }
        String ext = UploadTicket.extensionOf(fileName);
        if (!config.uploadExtensions().contains(ext)) {
            throw new ClassroomException(ErrorCode.FILE_TYPE_REFUSED, "files of type '" + (ext.isEmpty() ? "(none)" : ext)
                    + "' cannot be uploaded; allowed: " + String.join(", ", config.uploadExtensions()));
        }
        UploadTicket ticket = new UploadTicket(fileName, ext, size, contentType.length() > 100 ? "" : contentType);
        VideoId id = new VideoId("v-" + HexFormat.of().formatHex(bytes(9)));
        offload(ctx, req, json, () -> {
            Video video = Video.create(id, classroom, VideoKind.ON_DEMAND, title, who.userId().value(),
                    VideoState.UPLOADING, clock.instant(), null, null);
            uploads.start(catalog.folder(id), ticket);
            catalog.add(video);
            LOG.info("video {} created for class {} by {}: {} ({} bytes)", id, classroom, who.userId(), fileName, size);
            Map<String, Object> res = withUpload(who, video, ticket, 0);
            json.write(ctx, req, HttpResponseStatus.CREATED, res);
        });
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void get(ChannelHandlerContext ctx, FullHttpRequest req, Json json, VideoId id) {
        Identity who = ApiRoute.bearer(tokens, req);
        Video video = readable(who, id);
        offload(ctx, req, json, () -> {
            Path folder = catalog.folder(id);
            var ticket = video.kind() == VideoKind.ON_DEMAND && VideoViews.isLecturerOf(who, video.classroomId())
                    ? uploads.ticket(folder) : java.util.Optional.<UploadTicket>empty();
            Map<String, Object> res = ticket.isPresent()
                    ? withUpload(who, video, ticket.get(), uploads.received(folder, ticket.get()))
                    : VideoViews.view(who, video);
            json.write(ctx, req, HttpResponseStatus.OK, res);
        });
    }

    private Map<String, Object> withUpload(Identity who, Video video, UploadTicket ticket, long received) {
        Map<String, Object> res = VideoViews.view(who, video);
        res.put("fileName", ticket.fileName());
        res.put("size", ticket.size());
        res.put("received", received);
        res.put("uploadUrl", "/api/videos/" + video.id().value() + "/source");
        res.put("chunkBytes", uploads.maxChunkBytes());
        return res;
    }

    private void retry(ChannelHandlerContext ctx, FullHttpRequest req, Json json, VideoId id) {
        Identity who = ApiRoute.bearer(tokens, req);
        Video video = readable(who, id);
        VideoViews.checkLecturer(who, video.classroomId(), "retry processing");
        if (video.state() != VideoState.FAILED) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "only a failed video can be retried; this one is "
                    + video.state().wire());
        }
        offload(ctx, req, json, () -> {
            try {
                jobs.retry(id);
            } catch (IllegalStateException e) {
                throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, e.getMessage());
            }
            json.write(ctx, req, HttpResponseStatus.OK, VideoViews.view(who, catalog.find(id).orElseThrow()));
        });
    }

    private void check(ChannelHandlerContext ctx, FullHttpRequest req, Json json, VideoId id) {
        Identity who = ApiRoute.bearer(tokens, req);
        Video video = readable(who, id);
        VideoViews.checkLecturer(who, video.classroomId(), "mark a replay checked");
        if (video.kind() != VideoKind.REPLAY || video.state() != VideoState.READY) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "only a ready replay can be marked checked");
        }
        offload(ctx, req, json, () -> {
            Video checked = catalog.update(id, v -> v.withChecked(clock.instant()));
            LOG.info("replay {} marked checked by {}", id, who.userId());
            json.write(ctx, req, HttpResponseStatus.OK, VideoViews.view(who, checked));
        });
    }

    private void delete(ChannelHandlerContext ctx, FullHttpRequest req, Json json, VideoId id) {
        Identity who = ApiRoute.bearer(tokens, req);
        Video video = catalog.find(id).orElseThrow(() -> new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no video " + id));
        VideoViews.checkLecturer(who, video.classroomId(), "delete videos");
        if (video.state() == VideoState.QUEUED || video.state() == VideoState.PROCESSING
                || video.state() == VideoState.RECORDING || jobs.isActive(id)) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "the video is " + video.state().wire()
                    + "; delete it when that has finished");
        }
        if (video.kind() == VideoKind.REPLAY && !video.checked()) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "mark the replay checked before deleting it");
        }
        offload(ctx, req, json, () -> {
            Path folder = catalog.folder(id);
            if (!uploads.tryLock(folder)) {
                throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "a chunk is being uploaded; try again");
            }
            try {
                catalog.remove(id);
            } finally {
                uploads.unlock(folder);
            }
            LOG.info("video {} ({}) of class {} deleted by {}", id, video.title(), video.classroomId(), who.userId());
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("id", id.value(), "deleted", true));
        });
    }

    // ------------------------------------------------------------------ HLS files

    private void hls(ChannelHandlerContext ctx, FullHttpRequest req, Json json, VideoId id, String track, String file,
                     String ext) {
        Identity who = ApiRoute.bearer(tokens, req);
        Video video = readable(who, id);
        if (video.state() != VideoState.READY) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "the video is " + video.state().wire()
                    + ", not ready to play");
        }
        if (!video.tracks().contains(track)) {
            throw new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "the video has no track " + track);
        }
        offload(ctx, req, json, () -> {
            Path base = catalog.folder(id).resolve("hls").resolve(track).toAbsolutePath().normalize();
            Path target = base.resolve(file).normalize();
            if (!target.startsWith(base)) {
                throw new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no such file in the video's package");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(target);
            } catch (NoSuchFileException e) {
                throw new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no file " + file + " in track " + track);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(bytes));
            boolean playlist = ext.equals("m3u8");
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, playlist ? "application/vnd.apple.mpegurl" : "video/mp2t");
            // Segments never change under a name within one package; playlists may (a retry rebuilds them).
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, playlist ? "private, no-cache" : "private, max-age=86400");
            Json.send(ctx, req, res);
        });
    }

    // ------------------------------------------------------------------ helpers

    private Video readable(Identity who, VideoId id) {
        Video video = catalog.find(id).orElseThrow(() -> new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no video " + id));
        VideoViews.checkReader(who, video.classroomId());
        if (!VideoViews.visible(who, video)) {
            throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "the video is not ready yet");
        }
        return video;
    }

    /** Runs blocking work on the I/O executor; a coded refusal there becomes the response. */
    private void offload(ChannelHandlerContext ctx, FullHttpRequest req, Json json, Runnable work) {
        try {
            io.execute(() -> {
                try {
                    work.run();
                } catch (ClassroomException e) {
                    fail(ctx, req, json, e);
                } catch (RuntimeException e) {
                    LOG.error("video request {} {} failed", req.method(), req.uri(), e);
                    json.error(ctx, req, ErrorCode.INTERNAL, "internal error");
                }
            });
        } catch (RejectedExecutionException e) {
            json.error(ctx, req, ErrorCode.INTERNAL, "the server is shutting down");
        }
    }

    static void fail(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ClassroomException e) {
        json.write(ctx, req, VideoViews.status(e.code()), VideoViews.error(e.code(), e.getMessage(), Map.of()));
    }

    private JsonNode body(FullHttpRequest req) {
        try {
            JsonNode node = mapper.readTree(req.content().toString(StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new ClassroomException(ErrorCode.MALFORMED, "body must be a JSON object");
            }
            org.wlcy.classroom.protocol.WireValues.check(node);
            return node;
        } catch (IOException e) {
            throw new ClassroomException(ErrorCode.MALFORMED, "body must be JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, field + " must be a string");
        }
        return n.asText();
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    static VideoId videoId(String raw) {
        try {
            return new VideoId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no video " + raw.replaceAll("[^A-Za-z0-9_-]", "?"));
        }
    }

    private static ClassroomId classroomId(String raw) {
        try {
            return new ClassroomId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }
}
