package org.wlcy.classroom.gateway.assessment;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.ClassAssessment;
import org.wlcy.classroom.assessment.submission.Attachment;
import org.wlcy.classroom.assessment.submission.AttachmentRule;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.gateway.http.StreamingRoute;
import org.wlcy.classroom.participant.Identity;

/**
 * Submission attachments: the upload ({@code POST /api/classes/{id}/attachments}, streamed by
 * {@link AttachmentUploadStream}) and the download {@code GET /api/classes/{id}/attachments/{sha256}}
 * for whoever uploaded it, the class's lecturers, its assigned scorers, admins, and regulators of
 * its region (each regulator download on the record). Served as a download
 * ({@code Content-Disposition: attachment}), with the type found at upload and
 * {@code X-Content-Type-Options: nosniff}, so a browser never renders it in the server's origin.
 */
final class AttachmentApi implements ApiRoute, StreamingRoute {
    private static final Pattern FILE = Pattern.compile("^/api/classes/([^/]+)/attachments/([^/]+)$");
    private final TokenService tokens;
    private final AssessmentService service;
    private final AttachmentStore store;
    private final AssessmentViews views;
    private final RegulatorReads reads;
    private final Executor workers;

    AttachmentApi(TokenService tokens, AssessmentService service, AttachmentStore store, AssessmentViews views,
                  RegulatorReads reads, Executor workers) {
        this.tokens = tokens;
        this.service = service;
        this.store = store;
        this.views = views;
        this.reads = reads;
        this.workers = workers;
    }

    @Override
    public ChannelHandler newHandler() {
        return new AttachmentUploadStream(tokens, service, store, workers);
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = FILE.matcher(path);
        if (!m.matches() || !req.method().equals(HttpMethod.GET)) {
            return false;
        }
        String classText = m.group(1);
        String sha = m.group(2);
        OffTheLoop.run(workers, ctx, req,
                "attachment download " + path, (c, r, e) -> AssessmentApi.fail(c, r, json, e), () -> {
            download(ctx, req, classText, sha);
        });
        return true;
    }

    private void download(ChannelHandlerContext ctx, FullHttpRequest req, String classText, String sha) {
        Identity who = ApiRoute.bearer(tokens, req);
        ClassroomId c;
        try {
            c = new ClassroomId(classText);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no such class");
        }
        ClassAssessment a = service.state(c);
        Attachment file = a.uploads().any(sha).orElseThrow(() -> new ClassroomException(ErrorCode.ATTACHMENT_NOT_FOUND,
                "no attachment " + sha + " was uploaded to class " + c.value()));
        switch (who.role()) {
            case TRAINEE -> {
                if (!who.mayEnter(c) || a.uploads().of(who.userId(), sha).isEmpty()) {
                    throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "a trainee downloads only their own files");
                }
                file = a.uploads().of(who.userId(), sha).orElseThrow();
            }
            case LECTURER -> {
                if (!who.mayEnter(c) && !a.scorers().contains(who.userId())) {
                    throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "not a lecturer or scorer of class " + c.value());
                }
            }
            case REGULATOR -> {
                if (!RegulatorReads.inScope(who, views.report(c).region())) {
                    throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + c.value() + " is outside your region");
                }
                reads.audit(who, List.of(c), "attachment", sha, "", "");
            }
            case ADMIN -> {
            }
        }
        byte[] content = store.read(sha).orElseThrow(() -> new ClassroomException(ErrorCode.ATTACHMENT_NOT_FOUND,
                "the file " + sha + " is on the record but not in the attachments folder; tell the institution"));
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(content));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, AttachmentRule.mediaType(file.type()));
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, disposition(file.fileName()));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, no-store");
        res.headers().set("Content-Security-Policy", "sandbox");
        Json.send(ctx, req, res);
    }

    /** {@code attachment}, with an ASCII fallback name and the real one in RFC 5987 form. */
    static String disposition(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
