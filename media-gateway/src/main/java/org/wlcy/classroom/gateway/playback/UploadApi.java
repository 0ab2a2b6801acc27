package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.StreamingRoute;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.playback.VideoProbe;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.jobs.VideoJobs;
import org.wlcy.classroom.playback.upload.UploadFiles;
import org.wlcy.classroom.playback.upload.UploadTicket;

/**
 * {@code PUT /api/videos/{id}/source?offset=N}: one chunk of a resumable upload, streamed to the
 * file as it arrives (never aggregated in memory). The caller's token and role, the video's state
 * and the offset are checked from the headers first; the body is then written on the I/O executor
 * while the connection stops reading (back-pressure), with the chunk and size limits enforced on
 * every piece. A refused or broken chunk is cut back off the file, so what was received before it
 * stays. The chunk that completes the file triggers a content check ({@link VideoProbe}) and the
 * processing job; a file that is not a video leaves the entry FAILED with 236.
 */
final class UploadApi implements ApiRoute, StreamingRoute {
    private static final Logger LOG = LoggerFactory.getLogger(UploadApi.class);
    private static final Pattern SOURCE = Pattern.compile("^/api/videos/([^/]+)/source$");

    private final TokenService tokens;
    private final VideoCatalog catalog;
    private final VideoJobs jobs;
    private final UploadFiles uploads;
    private final Executor io;
    private final InstantSource clock;
    /** Responses are written here, not through the aggregated-request path: the body may be half read. */
    private static final Json JSON = new Json(new ObjectMapper());

    UploadApi(TokenService tokens, VideoCatalog catalog, VideoJobs jobs, UploadFiles uploads, Executor io,
              InstantSource clock) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.jobs = jobs;
        this.uploads = uploads;
        this.io = io;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        return false;
    }

    @Override
    public ChannelHandler newHandler() {
        return new Stream();
    }

    private static boolean isUpload(HttpRequest req) {
        return req.method().equals(HttpMethod.PUT) && SOURCE.matcher(new QueryStringDecoder(req.uri()).path()).matches();
    }

    /** Per connection: passes everything through except the upload requests it consumes. */
    private final class Stream extends ChannelInboundHandlerAdapter {
        private Upload current;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current == null) {
                if (msg instanceof HttpRequest req && isUpload(req)) {
                    current = new Upload(ctx, req);
                    current.begin();
                    if (msg instanceof HttpContent content) {
                        content(content);
                    }
                    return;
                }
                ctx.fireChannelRead(msg);
                return;
            }
            if (msg instanceof HttpContent content) {
                content(content);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private void content(HttpContent content) {
            Upload u = current;
            boolean last = content instanceof LastHttpContent;
            if (last) {
                current = null;
            }
            ByteBuf bytes = content.content().retain();
            ReferenceCountUtil.release(content);
            u.piece(bytes, last);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (current != null) {
                current.disconnected();
                current = null;
            }
            super.channelInactive(ctx);
        }
    }

    /** One chunk request; its steps run in order on the I/O executor. */
    private final class Upload {
        private final ChannelHandlerContext ctx;
        private final HttpRequest req;
        private final String uri;
        private final boolean keepAlive;
        // set on the event loop in begin(), read by the steps after
        private Identity who;
        private VideoId id;
        private long offset;
        // the steps' state (one step at a time, ordered by the future chain)
        private ClassroomException failure;
        private Path folder;
        private UploadTicket ticket;
        private UploadFiles.Chunk chunk;
        private boolean locked;
        private boolean responded;
        private long discarded;
        // event loop only
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private int pending;
        private boolean ended;

        Upload(ChannelHandlerContext ctx, HttpRequest req) {
            this.ctx = ctx;
            this.req = req;
            this.uri = req.uri();
            this.keepAlive = HttpUtil.isKeepAlive(req);
        }

        void begin() {
            ctx.channel().config().setAutoRead(false);
            try {
                String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
                who = tokens.verify(auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null);
                QueryStringDecoder q = new QueryStringDecoder(req.uri());
                Matcher m = SOURCE.matcher(q.path());
                m.matches();
                id = VideoApi.videoId(m.group(1));
                Video video = catalog.find(id).orElseThrow(
                        () -> new ClassroomException(ErrorCode.VIDEO_NOT_FOUND, "no video " + id));
                VideoViews.checkLecturer(who, video.classroomId(), "upload videos");
                if (video.kind() != VideoKind.ON_DEMAND || video.state() != VideoState.UPLOADING) {
                    throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT, "the video is " + video.state().wire()
                            + "; it takes no more upload chunks");
                }
                List<String> raw = q.parameters().get("offset");
                try {
                    offset = Long.parseLong(raw == null || raw.size() != 1 ? "" : raw.get(0));
                } catch (NumberFormatException e) {
                    offset = -1;
                }
                if (offset < 0) {
                    throw new ClassroomException(ErrorCode.INVALID_FIELD, "offset must be the byte offset of the "
                            + "chunk (a whole number from 0)");
                }
                long length = HttpUtil.getContentLength(req, -1L);
                if (length > uploads.maxChunkBytes()) {
                    throw new ClassroomException(ErrorCode.CHUNK_TOO_LARGE, "a chunk may hold at most "
                            + uploads.maxChunkBytes() + " bytes, this one has " + length);
                }
                step(() -> open(length));
                if (HttpUtil.is100ContinueExpected(req)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            } catch (ClassroomException e) {
                failure = e;
            } catch (RuntimeException e) {
                LOG.error("upload {} refused", uri, e);
                failure = new ClassroomException(ErrorCode.INTERNAL, "internal error");
            }
            if (pending == 0) {
                ctx.read();
            }
        }

        /** Step: find the upload's files, take the writer slot, open the chunk at the offset. */
        private void open(long length) {
            if (failure != null) {
                return;
            }
            folder = catalog.folder(id);
            ticket = uploads.ticket(folder).orElseThrow(() -> new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT,
                    "the video has no upload record"));
            if (!uploads.tryLock(folder)) {
                throw new ClassroomException(ErrorCode.VIDEO_STATE_CONFLICT,
                        "another chunk of this video is being uploaded; wait for it, then resume");
            }
            locked = true;
            chunk = uploads.open(folder, ticket, offset, length);
        }

        void piece(ByteBuf bytes, boolean last) {
            step(() -> {
                try {
                    if (failure == null && chunk != null) {
                        chunk.write(bytes.nioBuffer());
                    } else {
                        discarded += bytes.readableBytes();
                        if (!responded && discarded > 2 * uploads.maxChunkBytes()) {
                            finish(false);       // answer now and close: do not read an endless refused body
                        }
                    }
                } finally {
                    bytes.release();
                }
            });
            if (last) {
                ended = true;
                step(() -> finish(true));
            }
        }

        void disconnected() {
            step(() -> {
                failure = failure != null ? failure : new ClassroomException(ErrorCode.INVALID_FIELD, "connection closed");
                responded = true;
                finish(false);
            });
        }

        /** Queues a step on the I/O executor; reading resumes once the queue is empty. */
        private void step(Runnable r) {
            pending++;
            tail = tail.thenRunAsync(() -> {
                try {
                    r.run();
                } catch (ClassroomException e) {
                    fail(e);
                } catch (RuntimeException e) {
                    LOG.error("upload {} failed", uri, e);
                    fail(new ClassroomException(ErrorCode.INTERNAL, "the chunk could not be stored"));
                }
            }, io).whenComplete((ok, e) -> ctx.executor().execute(this::stepDone));
        }

        private void fail(ClassroomException e) {
            if (failure == null) {
                failure = e;
            }
            if (chunk != null) {
                try {
                    chunk.abort();
                } catch (RuntimeException ex) {
                    LOG.error("could not cut back the failed chunk of {}", id, ex);
                }
            }
        }

        private void stepDone() {
            pending--;
            if (pending == 0) {
                if (ended || responded) {
                    ctx.channel().config().setAutoRead(true);
                } else {
                    ctx.read();
                }
            }
        }

        /** Step: commit or cut back the chunk, start processing when complete, answer. */
        private void finish(boolean wholeBody) {
            try {
                if (failure == null && chunk != null) {
                    long received = chunk.commit();
                    chunk = null;
                    if (received == ticket.size()) {
                        complete();
                    }
                    if (failure == null) {
                        Map<String, Object> body = VideoViews.view(who, catalog.find(id).orElseThrow());
                        body.put("received", received);
                        body.put("size", ticket.size());
                        respond(HttpResponseStatus.OK, body, wholeBody);
                        return;
                    }
                } else if (chunk != null) {
                    chunk.abort();
                    chunk = null;
                }
                ClassroomException e = failure != null ? failure
                        : new ClassroomException(ErrorCode.INTERNAL, "the chunk could not be stored");
                Map<String, Object> extra = new LinkedHashMap<>();
                if (e instanceof UploadFiles.OffsetMismatch mismatch) {
                    extra.put("offset", mismatch.received());
                } else if (ticket != null) {
                    extra.put("offset", uploads.received(folder, ticket));
                }
                respond(VideoViews.status(e.code()), VideoViews.error(e.code(), e.getMessage(), extra), wholeBody);
            } finally {
                if (locked) {
                    uploads.unlock(folder);
                    locked = false;
                }
            }
        }

        /** The last byte arrived: is it a video? Then queue its processing. */
        private void complete() {
            VideoProbe.Result probe = VideoProbe.probe(uploads.source(folder, ticket));
            if (!probe.isVideo()) {
                LOG.info("upload {} ({}) is not a video: {}", id, ticket.fileName(), probe.problem());
                catalog.update(id, v -> v.withState(VideoState.FAILED, 0, probe.problem(), clock.instant()));
                failure = new ClassroomException(ErrorCode.NOT_A_VIDEO, probe.problem());
                return;
            }
            LOG.info("upload {} complete ({} bytes, {}x{}, {} s): queued for processing", id, ticket.size(),
                    probe.width(), probe.height(), probe.durationMicros() / 1_000_000);
            jobs.submit(id);
        }

        private void respond(HttpResponseStatus status, Object body, boolean mayKeepAlive) {
            if (responded) {
                return;
            }
            responded = true;
            FullHttpResponse res = JSON.response(status, body);
            boolean keep = mayKeepAlive && keepAlive;
            res.headers().set(HttpHeaderNames.CONNECTION, keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            var f = ctx.writeAndFlush(res);
            if (!keep) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
