package org.wlcy.classroom.gateway.exchange.partner;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.wlcy.classroom.assessment.result.ClassResults;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.Scope;
import org.wlcy.classroom.gateway.assessment.ClassReads;
import org.wlcy.classroom.gateway.enrolment.EnrolmentViews;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.regulator.ClassReport;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The partner API's endpoints (docs/protocol.md "Partner API (v1)"), each a view of what the
 * enrolment records, the attendance engine and the assessment module already compute: classes
 * with their plan and application state, a class's roster, attendance, results and certificates.
 * A class is the partner's when its record (or, without one, its trace) names a region and
 * institution within the partner's reach; any other id is answered 273 as if it did not exist.
 * Reads of a class's trainees are recorded in its trace first, as the regulator desk's are.
 */
final class V1Endpoints {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private final EnrolmentService enrolment;
    private final ClassReads reads;
    private final Predicate<ClassroomId> traced;
    private final TraceLog trace;
    private final InstantSource clock;

    V1Endpoints(EnrolmentService enrolment, ClassReads reads, Predicate<ClassroomId> traced, TraceLog trace,
                InstantSource clock) {
        this.enrolment = enrolment;
        this.reads = reads;
        this.traced = traced;
        this.trace = trace;
        this.clock = clock;
    }

    /** Every endpoint the API answers, in the order the OpenAPI document lists them. */
    List<V1Endpoint> all() {
        return List.of(
                new V1Endpoint("/api/v1/classes", Scope.CLASSES_READ, (p, params, q) -> classes(p, q)),
                new V1Endpoint("/api/v1/classes/{classId}", Scope.CLASSES_READ,
                        (p, params, q) -> classView(locate(p, params.get("classId")))),
                new V1Endpoint("/api/v1/classes/{classId}/roster", Scope.ROSTER_READ,
                        (p, params, q) -> roster(audited(p, locate(p, params.get("classId")), "roster"))),
                new V1Endpoint("/api/v1/classes/{classId}/attendance", Scope.ATTENDANCE_READ,
                        (p, params, q) -> attendance(audited(p, locate(p, params.get("classId")), "attendance"))),
                new V1Endpoint("/api/v1/classes/{classId}/results", Scope.RESULTS_READ,
                        (p, params, q) -> results(audited(p, locate(p, params.get("classId")), "results"))),
                new V1Endpoint("/api/v1/classes/{classId}/certificates", Scope.CERTIFICATES_READ,
                        (p, params, q) -> certificates(audited(p, locate(p, params.get("classId")), "certificates"))));
    }

    /** A class the partner may read: its enrolment record if there is one, its trace's report if it has one. */
    private record Located(String classId, EnrolledClass record, ClassReport report) {
    }

    private Located locate(Partner p, String classId) {
        ClassroomId id;
        try {
            id = new ClassroomId(classId);
        } catch (IllegalArgumentException e) {
            throw JsonBody.invalid("classId", e.getMessage());
        }
        EnrolledClass record = enrolled(classId).orElse(null);
        ClassReport report = traced.test(id) ? reads.attendance(id) : null;
        boolean sees = record != null
                ? p.reach().sees(record.application().plan().region(), record.application().plan().institution())
                : report != null && p.reach().sees(report.region(), report.institution());
        if (!sees) {
            throw new ClassroomException(ErrorCode.PARTNER_CLASS_NOT_FOUND,
                    "no class " + classId + " within this partner's region or institution");
        }
        return new Located(classId, record, report);
    }

    /**
     * Records a read of trainees' data in the class's trace, durably, before the answer (as the
     * regulator desk's reads are): {@code audit.regulator-read} by {@code partner:<id>}, what
     * {@code partner-<endpoint>}. A class without a trace (no lesson yet) gets none.
     */
    private Located audited(Partner p, Located c, String what) {
        if (c.report() != null) {
            trace.append(List.of(new TraceEvent(-1, new ClassroomId(c.classId()), null,
                    new UserId("partner:" + p.partnerId()), TraceKind.REGULATOR_READ, clock.instant(),
                    "srv/audit-" + UUID.randomUUID(), null, Map.<String, Object>of("what", "partner-" + what,
                            "subject", p.partnerId(), "from", "", "to", "")))).toCompletableFuture().join();
        }
        return c;
    }

    private Optional<EnrolledClass> enrolled(String classId) {
        try {
            return Optional.of(enrolment.get(classId));
        } catch (ClassroomException e) {
            if (e.code() == ErrorCode.CLASS_RECORD_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Map<String, Object> classes(Partner p, QueryStringDecoder q) {
        int limit = whole(q, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String after = param(q, "after");
        List<EnrolledClass> mine = enrolment.inRegion(p.reach().regionPrefix()).stream()
                .filter(c -> p.reach().sees(c.application().plan().region(), c.application().plan().institution()))
                .filter(c -> after == null || c.classId().compareTo(after) > 0)
                .toList(); // sorted by class id
        List<Map<String, Object>> page = new ArrayList<>();
        for (EnrolledClass c : mine.subList(0, Math.min(limit, mine.size()))) {
            page.add(plan(c));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classes", page);
        body.put("next", mine.size() > limit ? mine.get(limit - 1).classId() : null);
        return body;
    }

    /** The enrolment API's class view without its roster (that is {@code roster:read}'s). */
    private Map<String, Object> plan(EnrolledClass c) {
        Map<String, Object> m = new LinkedHashMap<>(EnrolmentViews.of(c, enrolment.onlineCapPercent()));
        m.remove("roster");
        return m;
    }

    private Map<String, Object> classView(Located c) {
        if (c.record() != null) {
            return plan(c.record());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classId", c.classId());
        m.put("name", reads.className(new ClassroomId(c.classId())));
        m.put("institution", c.report().institution());
        m.put("region", c.report().region());
        m.put("state", "unrecorded");
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> roster(Located c) {
        Map<String, Object> body = head(c);
        body.put("trainees", c.record() == null ? List.of()
                : (List<Object>) EnrolmentViews.of(c.record(), enrolment.onlineCapPercent()).get("roster"));
        return body;
    }

    private Map<String, Object> attendance(Located c) {
        Map<String, Object> body = head(c);
        ClassReport r = c.report();
        body.put("lessons", r == null ? List.of() : r.lessons().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sessionId", l.sessionId());
            m.put("start", l.start().toString());
            m.put("end", l.end() == null ? null : l.end().toString());
            m.put("mode", l.mode());
            return m;
        }).toList());
        body.put("trainees", r == null ? List.of() : r.trainees().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", t.userId().value());
            m.put("name", t.name());
            m.put("lessons", t.lessons());
            m.put("attended", t.attended());
            m.put("late", t.late());
            m.put("leftEarly", t.leftEarly());
            m.put("absences", t.absences());
            m.put("leaves", t.leaves());
            m.put("classHours", t.creditedClassHours());
            m.put("onlineClassHours", t.onlineClassHours());
            m.put("offlineClassHours", t.creditedClassHours().subtract(t.onlineClassHours()).max(BigDecimal.ZERO));
            m.put("videoMinutes", t.videoMinutes());
            m.put("eligible", t.eligible());
            m.put("reasons", t.reasons().stream().map(x -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("code", x.code());
                v.put("severity", x.severity());
                v.put("article", x.article());
                v.put("zh", x.zh());
                v.put("en", x.en());
                return v;
            }).toList());
            return m;
        }).toList());
        return body;
    }

    private Map<String, Object> results(Located c) {
        Map<String, Object> body = head(c);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (c.report() != null) {
            for (ClassResults.TraineeRow t : reads.results(c.report()).trainees()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("userId", t.userId().value());
                m.put("name", t.name());
                m.put("eligible", t.eligible());
                m.put("scoreStatus", t.scoreStatus().name());
                m.put("score", t.score());
                m.put("planSubmitted", t.planSubmitted());
                m.put("passed", t.passed());
                m.put("reasons", t.reasons().stream().map(Enum::name).toList());
                m.put("certificateNumber", t.certificateNumber());
                m.put("certificateStatus", t.certificateStatus());
                rows.add(m);
            }
        }
        body.put("trainees", rows);
        return body;
    }

    private Map<String, Object> certificates(Located c) {
        Map<String, Object> body = head(c);
        body.put("certificates", c.report() == null ? List.of() : reads.certificates(new ClassroomId(c.classId())));
        return body;
    }

    private Map<String, Object> head(Located c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classId", c.classId());
        body.put("generatedAt", clock.instant().toString());
        return body;
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
    }

    private static int whole(QueryStringDecoder q, String name, int otherwise, int min, int max) {
        String v = param(q, name);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw JsonBody.invalid(name, "must be a whole number " + min + "-" + max);
    }
}
