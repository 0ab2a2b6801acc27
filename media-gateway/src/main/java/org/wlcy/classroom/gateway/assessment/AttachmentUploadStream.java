package org.wlcy.classroom.gateway.assessment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.submission.Attachment;
import org.wlcy.classroom.assessment.submission.AttachmentRule;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;

/**
 * {@code POST /api/classes/{id}/attachments?kind=practical|plan&fileName=…} with the file's raw
 * bytes: streamed to an incoming file as it arrives, never aggregated in memory (bodies over 64 KiB
 * cannot pass the aggregator). Who, which class, the kind, the name and a declared size are checked
 * from the head first; the size limit again on every piece. A refused upload keeps nothing: the
 * rest of its body is read and dropped (up to twice the limit, then the connection is closed) and
 * the answer names why. A whole upload is made durable, its content checked
 * ({@link AttachmentRule}: the type by content, the name's extension), moved under its SHA-256 and
 * recorded in the class's trace before the answer {@code {sha256,fileName,type,bytes}}. One per
 * connection; the steps of an upload run in order on the assessment workers while the connection
 * stops reading (back-pressure).
 */
final class AttachmentUploadStream extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentUploadStream.class);
    static final Pattern PATH = Pattern.compile("^/api/classes/([^/]+)/attachments$");
    private static final Json JSON = new Json(new ObjectMapper());

    private final TokenService tokens;
    private final AssessmentService service;
    private final AttachmentStore store;
    private final AttachmentRule rule;
    private final Executor io;
    private Upload current;

    AttachmentUploadStream(TokenService tokens, AssessmentService service, AttachmentStore store, Executor io) {
        this.tokens = tokens;
        this.service = service;
        this.store = store;
        this.rule = new AttachmentRule(Math.max(1024, store.maxBytes()));
        this.io = io;
    }

    static boolean isUpload(HttpRequest req) {
        return req.method().equals(HttpMethod.POST) && PATH.matcher(new QueryStringDecoder(req.uri()).path()).matches();
    }

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

    /** One upload request; its steps run in order on {@code io}. */
    private final class Upload {
        private final ChannelHandlerContext ctx;
        private final HttpRequest req;
        private final boolean keepAlive;
        // set on the event loop in begin(), read by the steps after
        private Identity who;
        private ClassroomId classroom;
        private SubmissionKind kind;
        private String fileName;
        // the steps' state (one step at a time, ordered by the future chain)
        private ClassroomException failure;
        private HttpResponseStatus failureStatus;
        private AttachmentStore.Incoming incoming;
        private boolean responded;
        private long discarded;
        // event loop only
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private int pending;
        private boolean ended;

        Upload(ChannelHandlerContext ctx, HttpRequest req) {
            this.ctx = ctx;
            this.req = req;
            this.keepAlive = HttpUtil.isKeepAlive(req);
        }

        void begin() {
            ctx.channel().config().setAutoRead(false);
            try {
                String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
                who = tokens.verify(auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null);
                QueryStringDecoder q = new QueryStringDecoder(req.uri());
                Matcher m = PATH.matcher(q.path());
                m.matches();
                try {
                    classroom = new ClassroomId(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no such class");
                }
                if (!who.mayEnter(classroom)) {
                    throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "not a member of class " + classroom.value());
                }
                if (who.role() != Role.TRAINEE) {
                    throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the class's trainees upload attachments");
                }
                try {
                    kind = SubmissionKind.fromWire(param(q, "kind"));
                } catch (IllegalArgumentException e) {
                    throw JsonBody.invalid("kind", "must be practical or plan");
                }
                fileName = fileName(param(q, "fileName"));
                long length = HttpUtil.getContentLength(req, -1L);
                if (length > store.maxBytes()) {
                    failureStatus = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
                    throw AttachmentStore.tooLarge(store.maxBytes());
                }
                if (length == 0) {
                    throw new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, fileName + " is empty");
                }
                step(this::open);
                if (HttpUtil.is100ContinueExpected(req)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            } catch (ClassroomException e) {
                failure = e;
            } catch (RuntimeException e) {
                LOG.error("attachment upload {} refused", req.uri(), e);
                failure = new ClassroomException(ErrorCode.INTERNAL, "internal error; nothing was kept");
            }
            if (failure != null && HttpUtil.is100ContinueExpected(req)) {
                step(() -> finish(false)); // the client waits for us before sending the body: answer and close
            }
            if (pending == 0) {
                ctx.read();
            }
        }

        /** Step: would the file be taken now (deadline, how many)? Then open the incoming file. */
        private void open() {
            if (failure != null) {
                return;
            }
            service.requireUploadTaken(classroom, who.userId(), kind);
            incoming = store.begin();
        }

        void piece(ByteBuf bytes, boolean last) {
            step(() -> {
                try {
                    if (failure == null && incoming != null) {
                        try {
                            incoming.write(bytes.nioBuffer());
                        } catch (ClassroomException e) {
                            incoming = null; // aborted: nothing kept
                            failureStatus = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
                            throw e;
                        }
                    } else {
                        discarded += bytes.readableBytes();
                        if (!responded && discarded > 2 * store.maxBytes()) {
                            finish(false); // answer now and close: do not read an endless refused body
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
                responded = true;
                if (incoming != null) {
                    incoming.abort();
                    incoming = null;
                }
            });
        }

        private void step(Runnable r) {
            pending++;
            tail = tail.thenRunAsync(() -> {
                try {
                    r.run();
                } catch (ClassroomException e) {
                    fail(e);
                } catch (RuntimeException e) {
                    LOG.error("attachment upload {} failed", req.uri(), e);
                    fail(new ClassroomException(ErrorCode.INTERNAL, "the file could not be stored; nothing was kept"));
                }
            }, io).whenComplete((ok, e) -> ctx.executor().execute(this::stepDone));
        }

        private void fail(ClassroomException e) {
            if (failure == null) {
                failure = e;
            }
            if (incoming != null) {
                incoming.abort();
                incoming = null;
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

        /** Step: check and keep the whole file, record it, answer; or answer the refusal. */
        private void finish(boolean wholeBody) {
            if (failure == null && incoming != null && wholeBody) {
                AttachmentStore.Finished f = incoming.finish();
                incoming = null;
                try {
                    String type = rule.check(kind, fileName, f.content());
                    store.commit(f);
                    Attachment a = service.uploaded(classroom, who.userId(), kind,
                            new Attachment(f.sha256(), fileName, type, f.bytes()));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("sha256", a.sha256());
                    body.put("fileName", a.fileName());
                    body.put("type", a.type());
                    body.put("bytes", a.bytes());
                    body.put("kind", kind.wire());
                    respond(HttpResponseStatus.OK, body, true);
                    return;
                } catch (ClassroomException e) {
                    store.discard(f);
                    failure = e;
                }
            }
            if (incoming != null) {
                incoming.abort();
                incoming = null;
            }
            ClassroomException e = failure != null ? failure
                    : new ClassroomException(ErrorCode.INTERNAL, "the file could not be stored; nothing was kept");
            HttpResponseStatus status = failureStatus != null ? failureStatus : AssessmentApi.status(e.code());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "error");
            body.put("code", e.code().code());
            body.put("error", e.code().name());
            body.put("message", e.getMessage());
            respond(status, body, wholeBody);
        }

        private void respond(HttpResponseStatus status, Object body, boolean mayKeepAlive) {
            if (responded) {
                return;
            }
            responded = true;
            FullHttpResponse res = JSON.response(status, body);
            HttpUtil.setContentLength(res, res.content().readableBytes());
            boolean keep = mayKeepAlive && keepAlive;
            res.headers().set(HttpHeaderNames.CONNECTION, keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            var written = ctx.writeAndFlush(res);
            if (!keep) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** The name the trainee gave the file: shown and checked for its extension, never used as a path. */
    private static String fileName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw JsonBody.invalid("fileName", "required: the file's name, e.g. 订单截图.png");
        }
        String name = JsonBody.checkedText("fileName", raw.strip(), 200);
        if (name.contains("/") || name.contains("\\")) {
            throw JsonBody.invalid("fileName", "a name without / or \\");
        }
        return name;
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
