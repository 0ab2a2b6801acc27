package org.wlcy.classroom.gateway.assessment;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.ClassAssessment;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormSummary;
import org.wlcy.classroom.assessment.forms.Question;
import org.wlcy.classroom.assessment.result.TraineeResult;
import org.wlcy.classroom.assessment.scoring.Criterion;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.assessment.scoring.ScoreSheet;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.assessment.submission.SubmissionSchema;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.regulator.ClassReport;
import org.wlcy.classroom.proctoring.regulator.ClassReports;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The JSON shapes of the assessment REST API (docs/protocol.md, "Result assessment"), and the facts it
 * takes from attendance: eligibility (the Art. 7(5) engine over the class's whole trace), names,
 * institution, region, lesson days and credited class hours. Trainees never see who scored.
 */
final class AssessmentViews {
    private final Function<ClassroomId, List<TraceEvent>> events;
    private final Function<ClassroomId, String> classNames;
    private final AttendancePolicy policy;
    private final InstantSource clock;
    /** offline: the classes' planned offline lessons, besides the live ones of the trace. */
    private final org.wlcy.classroom.proctoring.attendance.PlannedLessons planned;

    AssessmentViews(Function<ClassroomId, List<TraceEvent>> events, Function<ClassroomId, String> classNames,
                    AttendancePolicy policy, InstantSource clock) {
        this(events, classNames, policy, clock, org.wlcy.classroom.proctoring.attendance.PlannedLessons.NONE);
    }

    AssessmentViews(Function<ClassroomId, List<TraceEvent>> events, Function<ClassroomId, String> classNames,
                    AttendancePolicy policy, InstantSource clock,
                    org.wlcy.classroom.proctoring.attendance.PlannedLessons planned) {
        this.planned = planned;
        this.events = events;
        this.classNames = classNames;
        this.policy = policy;
        this.clock = clock;
    }

    /** What attendance says of one trainee, and what a certificate would print of the class. */
    record TraineeFacts(UserId userId, String name, boolean eligible, List<String> attendanceReasons,
                        AssessmentService.ClassFacts classFacts) {
    }

    List<TraineeFacts> facts(ClassroomId c, ClassAssessment state) {
        return facts(report(c));
    }

    String className(ClassroomId c) {
        return classNames.apply(c);
    }

    /** The attendance engine's report of the class's whole trace, up to now. */
    ClassReport report(ClassroomId c) {
        Instant now = clock.instant();
        return ClassReports.build(c, events.apply(c), planned.of(c), Instant.EPOCH, now, now, policy);
    }

    List<TraineeFacts> facts(ClassReport report) {
        Instant now = clock.instant();
        ClassroomId c = report.classroomId();
        LocalDate first = report.lessons().isEmpty() ? LocalDate.ofInstant(now, policy.zone())
                : LocalDate.ofInstant(report.lessons().get(0).start(), policy.zone());
        LocalDate last = report.lessons().isEmpty() ? first : LocalDate.ofInstant(
                report.lessons().get(report.lessons().size() - 1).end() == null ? now
                        : report.lessons().get(report.lessons().size() - 1).end(), policy.zone());
        String region = report.region() == null || !report.region().matches("\\d{6}") ? "000000" : report.region();
        String institution = report.institution() == null || report.institution().isBlank() ? "—" : report.institution();
        List<TraineeFacts> out = new ArrayList<>();
        for (ClassReport.TraineeReport t : report.trainees()) {
            int hours = Math.max(1, t.creditedClassHours().setScale(0, RoundingMode.DOWN).intValue());
            out.add(new TraineeFacts(t.userId(), t.name(), t.eligible(),
                    t.reasons().stream().filter(r -> r.severity().equals("BLOCKING")).map(ClassReport.ReasonView::zh).toList(),
                    new AssessmentService.ClassFacts(classNames.apply(c), institution, region, first, last, hours)));
        }
        return out;
    }

    Map<String, Object> rules(ClassAssessment a) {
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Criterion k : a.rubric().criteria()) {
            criteria.add(Map.of("id", k.id(), "title", k.title(), "titleEn", k.titleEn(), "guide", k.guide(),
                    "points", k.points()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("criteria", criteria);
        m.put("passMark", a.policy().passMark());
        m.put("scorers", a.policy().scorers());
        m.put("thirdScorerGap", a.policy().thirdScorerGap());
        Map<String, Object> deadlines = new LinkedHashMap<>();
        for (SubmissionKind k : SubmissionKind.values()) {
            deadlines.put(k.wire(), a.submissions().deadline(k).map(Instant::toString).orElse(null));
        }
        m.put("deadlines", deadlines);
        return m;
    }

    /** Lecturers, admins and regulators: every trainee's state; scorers' ids only to admins and regulators. */
    Map<String, Object> classView(ClassAssessment a, boolean lecturer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", a.classroom().value());
        body.put("rules", rules(a));
        if (!lecturer) {
            body.put("scorerIds", a.scorers().stream().map(UserId::value).sorted().toList());
        }
        List<Map<String, Object>> trainees = new ArrayList<>();
        int passed = 0;
        for (TraineeFacts t : facts(a.classroom(), a)) {
            TraineeResult r = a.result(t.userId(), t.eligible());
            passed += r.passed() ? 1 : 0;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("userId", t.userId().value());
            row.put("name", t.name());
            row.put("eligible", t.eligible());
            row.put("attendanceReasons", t.attendanceReasons());
            row.put("practicalVersion", a.submissions().latest(SubmissionKind.PRACTICAL_RESULTS, t.userId())
                    .map(Submission::version).orElse(0));
            row.put("planVersion", a.submissions().latest(SubmissionKind.BUSINESS_PLAN, t.userId())
                    .map(Submission::version).orElse(0));
            row.putAll(practical(r.practical()));
            row.put("passed", r.passed());
            row.put("reasons", r.reasons().stream().map(Enum::name).toList());
            row.put("certificate", a.certificate(t.userId()).map(s -> certificate(s, a.revoked(s.certificate().number())))
                    .orElse(null));
            trainees.add(row);
        }
        body.put("trainees", trainees);
        body.put("passed", passed);
        body.put("forms", a.forms().forms().stream().map(f -> summary(a.forms().summary(f.formId(), trainees.size()), f))
                .toList());
        return body;
    }

    /** A trainee's own: the rules, their submissions, their score without scorers, their result and certificate. */
    Map<String, Object> traineeView(ClassAssessment a, UserId me) {
        TraineeFacts mine = facts(a.classroom(), a).stream().filter(t -> t.userId().equals(me)).findFirst()
                .orElse(new TraineeFacts(me, me.value(), false, List.of("尚无出勤记录"), null));
        TraineeResult r = a.result(me, mine.eligible());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", a.classroom().value());
        body.put("rules", rules(a));
        body.put("eligible", mine.eligible());
        body.put("attendanceReasons", mine.attendanceReasons());
        for (SubmissionKind k : SubmissionKind.values()) {
            body.put(k.wire(), submissions(a, k, me));
        }
        body.putAll(practical(r.practical()));
        List<Map<String, Object>> sheets = new ArrayList<>();
        int n = 1;
        for (ScoreSheet s : r.practical().sheets()) {
            sheets.add(Map.of("sheet", n++, "total", s.total(), "points", s.points(), "comments", s.comments(),
                    "comment", s.comment()));
        }
        body.put("sheets", r.practical().status() == PracticalScore.Status.FINAL ? sheets : List.of());
        body.put("passed", r.passed());
        body.put("reasons", r.reasons().stream().map(Enum::name).toList());
        body.put("certificate", a.certificate(me).map(s -> certificate(s, a.revoked(s.certificate().number()))).orElse(null));
        return body;
    }

    /** A scorer's list: every trainee with a submitted practical record, the record, and the scorer's own last sheet. */
    Map<String, Object> scoringView(ClassAssessment a, UserId scorer) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<UserId, String> t : a.trainees().entrySet()) {
            a.submissions().latest(SubmissionKind.PRACTICAL_RESULTS, t.getKey()).ifPresent(s -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("userId", t.getKey().value());
                row.put("name", t.getValue());
                row.put("practical", submission(s));
                row.put("plan", a.submissions().latest(SubmissionKind.BUSINESS_PLAN, t.getKey()).map(this::submission)
                        .orElse(null));
                row.put("mySheet", a.practical(t.getKey()).sheets().stream().filter(x -> x.scorer().equals(scorer))
                        .findFirst().map(x -> Map.of("points", x.points(), "comments", x.comments(), "comment", x.comment(),
                                "total", x.total())).orElse(null));
                rows.add(row);
            });
        }
        return Map.of("classroomId", a.classroom().value(), "rules", rules(a), "trainees", rows);
    }

    Map<String, Object> submissions(ClassAssessment a, SubmissionKind kind, UserId trainee) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.wire());
        m.put("fields", SubmissionSchema.of(kind).fields().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", f.id());
            x.put("type", f.type().name().toLowerCase(java.util.Locale.ROOT));
            x.put("title", f.title());
            x.put("titleEn", f.titleEn());
            x.put("max", f.max());
            x.put("options", f.options());
            x.put("required", f.required());
            return x;
        }).toList());
        m.put("deadline", a.submissions().deadline(kind).map(Instant::toString).orElse(null));
        m.put("closed", a.submissions().closed(kind, clock.instant()));
        m.put("draft", a.submissions().draft(kind, trainee).map(this::submission).orElse(null));
        m.put("versions", a.submissions().versions(kind, trainee).stream().map(this::submission).toList());
        return m;
    }

    Map<String, Object> submission(Submission s) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (var a : s.attachments()) {
            files.add(Map.of("sha256", a.sha256(), "fileName", a.fileName(), "type", a.type(), "bytes", a.bytes()));
        }
        return Map.of("kind", s.kind().wire(), "version", s.version(), "fields", s.fields(), "attachments", files,
                "savedAt", s.savedAt().toString());
    }

    private static Map<String, Object> practical(PracticalScore p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scoreStatus", p.status().name());
        m.put("score", p.score().map(java.math.BigDecimal::toPlainString).orElse(null));
        return m;
    }

    Map<String, Object> certificate(CertificateSeal s, boolean revoked) {
        var c = s.certificate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", c.number().value());
        m.put("name", c.traineeName());
        m.put("idNumber", c.maskedIdNumber());
        m.put("className", c.className());
        m.put("institution", c.institution());
        m.put("firstDay", c.firstDay().toString());
        m.put("lastDay", c.lastDay().toString());
        m.put("classHours", c.classHours());
        m.put("issuedAt", c.issuedAt().toString());
        m.put("status", revoked ? "revoked" : "valid");
        return m;
    }

    Map<String, Object> form(Form f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formId", f.formId());
        m.put("kind", f.kind().wire());
        m.put("day", f.day() == null ? null : f.day().toString());
        m.put("opensAt", f.opensAt().toString());
        m.put("closesAt", f.closesAt().toString());
        m.put("open", f.isOpen(clock.instant()));
        List<Map<String, Object>> qs = new ArrayList<>();
        for (Question q : f.template().questions()) {
            qs.add(Map.of("id", q.id(), "type", q.type().name().toLowerCase(java.util.Locale.ROOT), "text", q.text(),
                    "textEn", q.textEn(), "options", q.options(), "required", q.required()));
        }
        m.put("questions", qs);
        return m;
    }

    private Map<String, Object> summary(FormSummary s, Form f) {
        Map<String, Object> m = form(f);
        m.put("trainees", s.trainees());
        m.put("responses", s.responses());
        m.put("responseRatePercent", s.responseRatePercent().toPlainString());
        Map<String, String> averages = new LinkedHashMap<>();
        s.averages().forEach((k, v) -> averages.put(k, v.toPlainString()));
        m.put("averages", averages);
        m.put("counts", s.counts());
        m.put("texts", s.texts());
        return m;
    }

    /** Trainees: the forms with their own answers; others: the summaries. */
    Map<String, Object> forms(ClassAssessment a, Identity who) {
        List<Object> out = new ArrayList<>();
        int trainees = a.trainees().size();
        for (Form f : a.forms().forms()) {
            if (who.role() == Role.TRAINEE) {
                Map<String, Object> m = form(f);
                m.put("myAnswer", a.forms().answerOf(f.formId(), who.userId()).map(x -> x.answers()).orElse(null));
                out.add(m);
            } else {
                out.add(summary(a.forms().summary(f.formId(), trainees), f));
            }
        }
        return Map.of("classroomId", a.classroom().value(), "forms", out);
    }
}
