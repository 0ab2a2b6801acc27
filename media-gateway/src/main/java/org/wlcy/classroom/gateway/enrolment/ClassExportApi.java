package org.wlcy.classroom.gateway.enrolment;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.protocol.ErrorResponse;

/**
 * A class's roster, attendance and results as CSV or .xlsx (docs/protocol.md "Classes and
 * people"): {@code GET /api/admin/classes/{id}/export/{kind}.{csv|xlsx}} for the admins of its
 * institution, {@code GET /api/regulator/openings/{id}/export/...} for the regulators of its region
 * (each such read is recorded in the class's trace first, as the regulator desk's are).
 */
final class ClassExportApi implements ApiRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ClassExportApi.class);
    private static final Pattern PATH = Pattern.compile(
            "^/api/(admin/classes|regulator/openings)/([^/]+)/export/(roster|attendance|results)\\.(csv|xlsx)$");
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private final TokenService tokens;
    private final EnrolmentService service;
    private final ClassExports exports;
    private final BiConsumer<Identity, ClassroomId> auditRegulatorRead;
    private final Executor workers;

    ClassExportApi(TokenService tokens, EnrolmentService service, ClassExports exports,
                   BiConsumer<Identity, ClassroomId> auditRegulatorRead, Executor workers) {
        this.tokens = tokens;
        this.service = service;
        this.exports = exports;
        this.auditRegulatorRead = auditRegulatorRead;
        this.workers = workers;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        boolean regulator = m.group(1).startsWith("regulator");
        String id = m.group(2);
        ClassExports.Kind kind = ClassExports.Kind.valueOf(m.group(3).toUpperCase(Locale.ROOT));
        boolean xlsx = m.group(4).equals("xlsx");
        req.retain();
        try {
            workers.execute(() -> {
                try {
                    if (!req.method().equals(HttpMethod.GET)) {
                        throw new ClassroomException(ErrorCode.MALFORMED, req.method() + " is not allowed here; use GET");
                    }
                    Identity who = ApiRoute.bearer(tokens, req);
                    EnrolledClass c = regulator ? forRegulator(who, id) : forAdmin(who, id);
                    ExportTable table = exports.table(c, kind);
                    send(ctx, req, c, kind, xlsx, xlsx ? table.xlsx() : table.csv());
                } catch (ClassroomException e) {
                    json.write(ctx, req, EnrolmentApi.status(e.code()), ErrorResponse.of(null, e.code(), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.error("export {} failed", path, e);
                    json.error(ctx, req, ErrorCode.INTERNAL, "internal error");
                } finally {
                    req.release();
                }
            });
        } catch (RejectedExecutionException e) {
            req.release();
            json.error(ctx, req, ErrorCode.INTERNAL, "the server is shutting down");
        }
        return true;
    }

    private EnrolledClass forAdmin(Identity who, String id) {
        if (who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "a class's exports are for its institution's admins"
                    + " and its region's regulators");
        }
        EnrolledClass c = service.get(id);
        if (!c.application().plan().institution().equals(who.institution())) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "class " + id + " belongs to another institution");
        }
        return c;
    }

    private EnrolledClass forRegulator(Identity who, String id) {
        if (who.role() != Role.REGULATOR) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "this export is for the regulators of the class's region");
        }
        EnrolledClass c = service.get(id);
        if (!org.wlcy.classroom.participant.RegionCode.covers(who.region(), c.application().plan().region())) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + id + " is outside your region");
        }
        auditRegulatorRead.accept(who, new ClassroomId(c.classId()));
        return c;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, EnrolledClass c, ClassExports.Kind kind,
                             boolean xlsx, byte[] bytes) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, xlsx ? XLSX : "text/csv; charset=utf-8");
        String ext = xlsx ? ".xlsx" : ".csv";
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, contentDisposition(c.classId() + "-" + kind.wire() + ext,
                c.application().plan().name() + "-" + kind.zh + ext));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    /**
     * {@code attachment} with an ASCII {@code filename} (the class id is one) for old clients and the
     * Chinese name as RFC 5987/6266 {@code filename*}.
     */
    static String contentDisposition(String ascii, String name) {
        StringBuilder enc = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (u < 0x80 && (Character.isLetterOrDigit(u) || "!#$&+-.^_`|~".indexOf(u) >= 0)) {
                enc.append((char) u);
            } else {
                enc.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(u & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + enc;
    }
}
