package org.wlcy.classroom.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.regulator.ClassReport;
import org.wlcy.classroom.proctoring.regulator.ClassReports;
import org.wlcy.classroom.proctoring.regulator.Overview;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.proctoring.integrity.TraceBundleExporter;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The regulator desk's read-only REST API ({@code docs/protocol.md}). Reads run on the blocking
 * executor, never on the event loop; every read is recorded durably in the trace of each class it
 * returned before the answer goes out.
 */
final class RegulatorApi {
    private static final Logger LOG = LoggerFactory.getLogger(RegulatorApi.class);
    private static final String PREFIX = "/api/regulator/";
    private final TokenService tokens;
    private final ProctoringWiring proctoring;
    private final TraceStore store;
    private final ExecutorService blocking;
    private final AttendancePolicy policy;
    private final InstantSource clock;
    private final Json json;
    private final IdGenerator ids = IdGenerator.random();
    /** Up to two million events of recently read classes stay in memory (a class of 30: ~50k a lesson). */
    private final ClassLogCache logs;

    RegulatorApi(TokenService tokens, ProctoringWiring proctoring, InstantSource clock, Json json) {
        this.tokens = tokens;
        this.proctoring = proctoring;
        this.store = proctoring.store();
        this.logs = new ClassLogCache(store, 2_000_000);
        this.blocking = proctoring.blocking();
        this.policy = proctoring.attendance();
        this.clock = clock;
        this.json = json;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    /** Checks the caller on the event loop, then answers from the blocking executor. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        if (!req.method().equals(HttpMethod.GET)) {
            json.write(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("type", "error", "code", 304,
                    "error", "ROLE_FORBIDDEN", "message", "the regulator desk is read-only"));
            return;
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        Identity who = tokens.verify(auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7) : null);
        if (who.role() != Role.REGULATOR && who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "the regulator desk is for regulators");
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        Range range = Range.of(query, policy.zone());
        String rest = path.substring(PREFIX.length());
        req.retain();
        blocking.execute(() -> {
            try {
                answer(ctx, req, who, rest, query, range);
            } catch (ClassroomException e) {
                json.error(ctx, req, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("regulator read {} failed", path, e);
                json.error(ctx, req, ErrorCode.INTERNAL, "internal error");
            } finally {
                req.release();
            }
        });
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, Identity who, String rest,
                        QueryStringDecoder query, Range range) {
        String[] parts = rest.split("/");
        Instant now = clock.instant();
        if (rest.equals("public-key")) {
            bytes(ctx, req, proctoring.signer().publicKeyPem().getBytes(StandardCharsets.US_ASCII),
                    "application/x-pem-file", "trace-public-key.pem");
        } else if (rest.equals("overview")) {
            String region = param(query, "region");
            String institution = param(query, "institution");
            List<ClassReport> reports = new ArrayList<>();
            for (ClassroomId id : store.classrooms()) {
                ClassReport r = ClassReports.build(id, events(id), range.from, range.to, now, policy);
                if (inScope(who, r) && (region == null || r.region().startsWith(region))
                        && (institution == null || institution.equals(r.institution()))) {
                    reports.add(r);
                }
            }
            reports.sort(java.util.Comparator.comparing(r -> r.classroomId().value()));
            audit(who, reports.stream().map(ClassReport::classroomId).toList(), "overview", "", range);
            Overview o = Overview.of(reports);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", range.fromText);
            body.put("to", range.toText);
            body.put("generatedAt", now);
            body.put("classes", o.classes().stream().map(RegulatorApi::summary).toList());
            body.put("byInstitution", o.byInstitution());
            body.put("byRegion", o.byRegion());
            json.write(ctx, req, HttpResponseStatus.OK, body);
        } else if (parts.length >= 2 && parts[0].equals("classes")) {
            ClassroomId id = classroomId(parts[1]);
            List<TraceEvent> events = events(id);
            ClassReport report = ClassReports.build(id, events, range.from, range.to, now, policy);
            if (!inScope(who, report)) {
                throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + id + " is outside your region");
            }
            if (parts.length == 2) {
                audit(who, List.of(id), "class", "", range);
                json.write(ctx, req, HttpResponseStatus.OK, report);
            } else if (parts.length == 3 && parts[2].equals("bundle.zip")) {
                audit(who, List.of(id), "bundle", "", range);
                bytes(ctx, req, bundle(id, range), "application/zip", id.value() + "-trace-bundle.zip");
            } else if (parts.length == 3 && parts[2].equals("export.csv")) {
                audit(who, List.of(id), "csv", "", range);
                csv(ctx, req, report);
            } else if (parts.length == 5 && parts[2].equals("trainees") && parts[4].equals("timeline")) {
                UserId user = userId(parts[3]);
                if (!ClassReports.trainees(events).containsKey(user)) {
                    throw new ClassroomException(ErrorCode.TRAINEE_NOT_FOUND,
                            "no trainee " + user.value() + " in class " + id.value());
                }
                audit(who, List.of(id), "timeline", user.value(), range);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("userId", user);
                body.put("events", ClassReports.timeline(events, user, range.from, range.to).stream()
                        .map(e -> Map.of("index", e.index(), "kind", e.kind(), "recordedAt", e.recordedAt(),
                                "sessionId", e.sessionId() == null ? "" : e.sessionId(), "data", e.data()))
                        .toList());
                body.put("lessons", ClassReports.attendance(events, user, range.from, range.to, now, policy).stream()
                        .map(a -> {
                            Map<String, Object> l = new LinkedHashMap<>();
                            l.put("sessionId", a.lesson().id());
                            l.put("start", a.lesson().start());
                            l.put("end", a.lesson().end());
                            l.put("status", a.status());
                            l.put("presentMinutes", a.presentMinutes());
                            l.put("hiddenMinutes", a.hiddenMinutes());
                            l.put("creditedMinutes", a.creditedMinutes());
                            l.put("signIn", a.signIn());
                            l.put("reasons", a.reasons().stream().map(ClassReports::view).toList());
                            return l;
                        }).toList());
                json.write(ctx, req, HttpResponseStatus.OK, body);
            } else {
                throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no regulator API /" + rest);
            }
        } else {
            throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no regulator API /" + rest);
        }
    }

    private List<TraceEvent> events(ClassroomId id) {
        if (!store.classrooms().contains(id)) {
            throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no records of class " + id);
        }
        return logs.events(id);
    }

    /** A regulator sees the classes of their region ({@link org.wlcy.classroom.participant.RegionCode}). */
    private static boolean inScope(Identity who, ClassReport r) {
        if (who.role() == Role.ADMIN) {
            return true;
        }
        return org.wlcy.classroom.participant.RegionCode.covers(who.region(), r.region());
    }

    /** Records the read in each class's trace, durably, before the answer is sent. */
    private void audit(Identity who, List<ClassroomId> classes, String what, String subject, Range range) {
        if (classes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TraceEvent> events = classes.stream().map(id -> new TraceEvent(-1, id, null, who.userId(),
                TraceKind.REGULATOR_READ, now, "srv/" + ids.next("audit-"), null,
                Map.<String, Object>of("what", what, "subject", subject, "from", range.fromText, "to", range.toText)))
                .toList();
        proctoring.trace().append(events).toCompletableFuture().join();
    }

    /** A verifiable bundle of the class for the range, zipped (docs/trace-bundle.md). */
    private byte[] bundle(ClassroomId id, Range range) {
        java.nio.file.Path tmp = null;
        try {
            tmp = java.nio.file.Files.createTempDirectory("bundle");
            java.nio.file.Path dir = tmp.resolve("bundle");
            proctoring.bundles().export(id, range.from, range.to, dir);
            java.nio.file.Path zip = tmp.resolve("bundle.zip");
            TraceBundleExporter.zip(dir, zip);
            return java.nio.file.Files.readAllBytes(zip);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try (var files = java.nio.file.Files.walk(tmp)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException ignored) {
                    // temp folder
                }
            }
        }
    }

    private static void bytes(ChannelHandlerContext ctx, FullHttpRequest req, byte[] body, String type,
                              String filename) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    private static Map<String, Object> summary(ClassReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classroomId", r.classroomId());
        m.put("institution", r.institution());
        m.put("region", r.region());
        m.put("lessons", r.lessons().size());
        m.put("trainees", r.trainees().size());
        m.put("attendanceRate", r.attendanceRate());
        m.put("averageClassHours", r.averageClassHours());
        m.put("tabSwitches", r.tabSwitches());
        m.put("faceFlags", r.faceFlags());
        m.put("eligible", r.eligible());
        m.put("notEligible", r.notEligible());
        m.put("exerciseScoreRate", r.exerciseScoreRate());
        return m;
    }

    private void csv(ChannelHandlerContext ctx, FullHttpRequest req, ClassReport r) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        sb.append("学员编号 userId,姓名 name,课次 lessons,出勤 attended,迟到 late,早退 leftEarly,旷课 absences,"
                + "请假 leaves,学时 creditedClassHours,线上学时 onlineClassHours,切屏 tabSwitches,人脸异常 faceFlags,"
                + "签到 signedIn,视频学习分钟 videoMinutes,完成视频 videosCompleted,可参加考核 eligible,原因 reasons\r\n");
        for (ClassReport.TraineeReport t : r.trainees()) {
            sb.append(cell(t.userId().value())).append(',').append(cell(t.name())).append(',')
                    .append(t.lessons()).append(',').append(t.attended()).append(',').append(t.late()).append(',')
                    .append(t.leftEarly()).append(',').append(t.absences()).append(',').append(t.leaves()).append(',')
                    .append(t.creditedClassHours()).append(',').append(t.onlineClassHours()).append(',')
                    .append(t.tabSwitches()).append(',').append(t.faceFlags()).append(',').append(t.signedIn())
                    .append(',').append(t.videoMinutes()).append(',').append(t.videosCompleted())
                    .append(',').append(t.eligible() ? "是 yes" : "否 no").append(',')
                    .append(cell(String.join("；", t.reasons().stream().map(ClassReport.ReasonView::zh).toList())))
                    .append("\r\n");
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
                "attachment; filename=\"" + r.classroomId().value() + "-attendance.csv\"");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    /** CSV cell: quoted when needed; a leading =+-@ is neutralised (spreadsheet formula injection). */
    static String cell(String v) {
        String s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
    }

    private static UserId userId(String raw) {
        try {
            return new UserId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }

    private static ClassroomId classroomId(String raw) {
        try {
            return new ClassroomId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }

    /** {@code [from, to)} from dates in the class's zone; open ends when absent. */
    record Range(Instant from, Instant to, String fromText, String toText) {
        static Range of(QueryStringDecoder q, ZoneId zone) {
            String f = param(q, "from");
            String t = param(q, "to");
            try {
                Instant from = f == null ? Instant.EPOCH : LocalDate.parse(f).atStartOfDay(zone).toInstant();
                Instant to = t == null ? Instant.parse("9999-01-01T00:00:00Z")
                        : LocalDate.parse(t).atStartOfDay(zone).toInstant();
                return new Range(from, to, f == null ? "" : f, t == null ? "" : t);
            } catch (DateTimeParseException e) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "from and to must be dates like 2026-11-01");
            }
        }
    }
}
