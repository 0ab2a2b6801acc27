package org.wlcy.classroom.gateway.assessment;

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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.result.ClassResults;
import org.wlcy.classroom.assessment.result.ResultsFigures;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.proctoring.regulator.ClassReport;

/**
 * Results for the regulator desk (Art. 24(3) 考核成绩按班级、区域、时间、机构等实时统计分析):
 * {@code GET /api/regulator/results} per class and grouped by institution and region, and
 * {@code GET /api/regulator/results.csv} one row per trainee. Scoped and recorded as the rest of the
 * desk ({@link RegulatorReads}). {@code from}/{@code to} (dates in the class's zone, {@code to}
 * exclusive) pick the classes with a lesson starting in the range; the figures are each class's
 * results as they stand.
 */
final class RegulatorResultsApi implements ApiRoute {
    private static final String JSON_PATH = "/api/regulator/results";
    private static final String CSV_PATH = "/api/regulator/results.csv";
    private final TokenService tokens;
    private final AssessmentService service;
    private final AssessmentViews views;
    private final Supplier<? extends Iterable<ClassroomId>> classes;
    private final RegulatorReads reads;
    private final ZoneId zone;
    private final InstantSource clock;
    private final Executor workers;

    RegulatorResultsApi(TokenService tokens, AssessmentService service, AssessmentViews views,
                        Supplier<? extends Iterable<ClassroomId>> classes, RegulatorReads reads, ZoneId zone,
                        InstantSource clock, Executor workers) {
        this.tokens = tokens;
        this.service = service;
        this.views = views;
        this.classes = classes;
        this.reads = reads;
        this.zone = zone;
        this.clock = clock;
        this.workers = workers;
    }

    private record Query(Instant from, Instant to, String fromText, String toText, String region, String institution) {
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        boolean csv = path.equals(CSV_PATH);
        if (!(csv || path.equals(JSON_PATH)) || !req.method().equals(HttpMethod.GET)) {
            return false;
        }
        Identity who = ApiRoute.bearer(tokens, req);
        if (who.role() != Role.REGULATOR && who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "the regulator desk is for regulators");
        }
        Query q = query(new QueryStringDecoder(req.uri()));
        OffTheLoop.run(workers, ctx, req, "regulator results read", OffTheLoop.plain(json), () -> {
            List<ClassResults> results = results(who, q);
            reads.audit(who, results.stream().map(ClassResults::classroomId).toList(),
                    csv ? "results-csv" : "results", "", q.fromText(), q.toText());
            if (csv) {
                csv(ctx, req, results);
            } else {
                json.write(ctx, req, HttpResponseStatus.OK, body(q, results));
            }
        });
        return true;
    }

    private List<ClassResults> results(Identity who, Query q) {
        List<ClassResults> out = new ArrayList<>();
        for (ClassroomId c : classes.get()) {
            ClassReport report = views.report(c);
            String region = report.region() == null ? "" : report.region();
            String institution = report.institution() == null ? "" : report.institution();
            boolean inRange = q.from() == null && q.to() == null || report.lessons().stream().anyMatch(l ->
                    (q.from() == null || !l.start().isBefore(q.from())) && (q.to() == null || l.start().isBefore(q.to())));
            if (report.trainees().isEmpty() || !inRange || !RegulatorReads.inScope(who, region)
                    || (q.region() != null && !region.startsWith(q.region()))
                    || (q.institution() != null && !q.institution().equals(institution))) {
                continue;
            }
            out.add(ClassReads.results(service, views, report));
        }
        out.sort(Comparator.comparing(r -> r.classroomId().value()));
        return out;
    }

    private Map<String, Object> body(Query q, List<ClassResults> results) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", q.fromText());
        body.put("to", q.toText());
        body.put("generatedAt", clock.instant().toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClassResults r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("classroomId", r.classroomId().value());
            row.put("className", views.className(r.classroomId()));
            row.put("institution", r.institution());
            row.put("region", r.region());
            row.putAll(figures(ResultsFigures.of(r.classroomId().value(), List.of(r))));
            row.remove("key");
            row.remove("classes");
            List<Map<String, Object>> forms = new ArrayList<>();
            for (ClassResults.FormFigures f : r.forms()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("formId", f.formId());
                m.put("kind", f.kind().wire());
                m.put("day", f.day());
                m.put("responses", f.responses());
                m.put("responseRatePercent", text(f.responseRatePercent()));
                m.put("ratingAverage", text(f.ratingAverage()));
                forms.add(m);
            }
            row.put("forms", forms);
            rows.add(row);
        }
        body.put("classes", rows);
        body.put("byInstitution", ResultsFigures.grouped(results, ClassResults::institution).stream()
                .map(RegulatorResultsApi::figures).toList());
        body.put("byRegion", ResultsFigures.grouped(results, ClassResults::region).stream()
                .map(RegulatorResultsApi::figures).toList());
        body.put("total", figures(ResultsFigures.of("", results)));
        return body;
    }

    private static Map<String, Object> figures(ResultsFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("classes", f.classes());
        m.put("trainees", f.trainees());
        m.put("eligible", f.eligible());
        m.put("scored", f.scored());
        m.put("passed", f.passed());
        m.put("passRatePercent", text(f.passRatePercent()));
        m.put("averageScore", text(f.averageScore()));
        m.put("plansSubmitted", f.plansSubmitted());
        m.put("certificatesIssued", f.certificatesIssued());
        m.put("certificatesRevoked", f.certificatesRevoked());
        m.put("formCount", f.forms());
        m.put("formResponseRatePercent", text(f.formResponseRatePercent()));
        m.put("ratingAverage", text(f.ratingAverage()));
        return m;
    }

    private static String text(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    /** The columns of {@code results.csv} (also the class export's, issue H). */
    static final List<String> CSV_HEADER = List.of("班级 classroomId", "班级名称 className", "机构 institution",
            "区域 region", "学员编号 userId", "姓名 name", "可参加考核 eligible", "实践成果得分 score",
            "规划书已提交 planSubmitted", "考核合格 passed", "证书编号 certificateNumber", "证书状态 certificateStatus");

    /** One trainee's values under {@link #CSV_HEADER}: text, or the score as a number (null: none). */
    static List<Object> rowValues(ClassResults r, String className, ClassResults.TraineeRow t) {
        return java.util.Arrays.asList(r.classroomId().value(), className, r.institution(), r.region(),
                t.userId().value(), t.name(), yes(t.eligible()), t.score(), yes(t.planSubmitted()), yes(t.passed()),
                t.certificateNumber(), t.certificateStatus() == null ? ""
                        : t.certificateStatus().equals("revoked") ? "已撤销 revoked" : "有效 valid");
    }

    private void csv(ChannelHandlerContext ctx, FullHttpRequest req, List<ClassResults> results) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        sb.append(String.join(",", CSV_HEADER)).append("\r\n");
        for (ClassResults r : results) {
            String className = views.className(r.classroomId());
            for (ClassResults.TraineeRow t : r.trainees()) {
                sb.append(String.join(",", rowValues(r, className, t).stream().map(v -> v instanceof BigDecimal d
                        ? d.toPlainString() : cell(v == null ? "" : v.toString())).toList())).append("\r\n");
            }
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"results.csv\"");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    private static String yes(boolean b) {
        return b ? "是 yes" : "否 no";
    }

    /**
     * CSV cell: quoted when needed; a leading =+-@ is neutralised (spreadsheet formula injection).
     * The same rule as {@code RegulatorApi.cell}, copied to leave that file alone.
     */
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

    private Query query(QueryStringDecoder d) {
        String f = param(d, "from");
        String t = param(d, "to");
        try {
            return new Query(f == null ? null : LocalDate.parse(f).atStartOfDay(zone).toInstant(),
                    t == null ? null : LocalDate.parse(t).atStartOfDay(zone).toInstant(), f == null ? "" : f,
                    t == null ? "" : t, param(d, "region"), param(d, "institution"));
        } catch (DateTimeParseException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "from and to must be dates like 2026-11-01");
        }
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
    }
}
