package org.wlcy.classroom.gateway.exchange.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.exchange.webhook.WebhookEvent;
import org.wlcy.classroom.exchange.webhook.WebhookEventType;
import org.wlcy.classroom.exchange.webhook.WebhookOutbox;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.regulator.ClassReport;
import org.wlcy.classroom.proctoring.regulator.ClassReports;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Webhook events derived from what is durably recorded, never from in-memory notifications: the
 * classes' signed trace (lessons started and ended, scores, certificates) and the enrolment store
 * (approved applications). Each pass reads past the cursor, puts the events in the outbox, then
 * moves the cursor; nothing that is on the record can be missed, and an event read twice (a crash
 * between the two writes) has the same id and is kept once. Runs on the webhook thread only.
 */
final class WebhookSources {
    private static final int BATCH = 500;
    private static final long SAVE_EVERY_NANOS = 5_000_000_000L;
    private final TraceStore trace;
    private final EnrolmentService enrolment;
    private final AssessmentService assessment;
    private final WebhookCursor cursor;
    private final AttendancePolicy attendance;
    private long lastSaveNanos = System.nanoTime();

    WebhookSources(TraceStore trace, EnrolmentService enrolment, AssessmentService assessment,
                   AttendancePolicy attendance, WebhookCursor cursor, Instant now) {
        this.trace = trace;
        this.attendance = attendance;
        this.enrolment = enrolment;
        this.assessment = assessment;
        this.cursor = cursor;
        if (cursor.fresh) {
            // The first start with webhooks: what happened before is not announced.
            for (ClassroomId c : trace.classrooms()) {
                cursor.trace.put(c.value(), trace.size(c));
            }
            cursor.approvedUpTo = now;
            cursor.save();
        }
    }

    /** Reads what is new into the outbox; returns how many events it found. */
    int pass(WebhookOutbox outbox) {
        int found = 0;
        List<WebhookEvent> approvals = new ArrayList<>();
        Instant upTo = cursor.approvedUpTo;
        for (EnrolledClass c : enrolment.inRegion("")) {
            OpeningApplication a = c.application();
            if (a.state() != OpeningApplication.State.APPROVED) {
                continue;
            }
            OpeningApplication.Step step = a.steps().get(a.steps().size() - 1);
            if (cursor.approvedUpTo == null || step.at().isAfter(cursor.approvedUpTo)) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("classId", c.classId());
                data.put("className", a.plan().name());
                data.put("region", a.plan().region());
                data.put("trainees", c.roster().size());
                data.put("approvedBy", step.by());
                approvals.add(new WebhookEvent("class.approved/" + c.classId() + "/" + step.at().toEpochMilli(),
                        WebhookEventType.CLASS_APPROVED, step.at(), a.plan().institution(), data));
                upTo = upTo == null || step.at().isAfter(upTo) ? step.at() : upTo;
            }
        }
        boolean moved = false;
        if (!approvals.isEmpty()) {
            approvals.sort(java.util.Comparator.comparing(WebhookEvent::occurredAt));
            outbox.publish(approvals);
            cursor.approvedUpTo = upTo;
            found += approvals.size();
            moved = true;
        }
        for (ClassroomId c : trace.classrooms()) {
            long from = cursor.trace.getOrDefault(c.value(), 0L);
            if (trace.size(c) <= from) {
                continue;
            }
            List<TraceEvent> read = trace.read(c, from, BATCH);
            if (read.isEmpty()) {
                continue;
            }
            String institution = institution(c);
            List<WebhookEvent> events = new ArrayList<>();
            for (TraceEvent e : read) {
                events.addAll(map(e, institution));
            }
            outbox.publish(events);
            cursor.trace.put(c.value(), read.get(read.size() - 1).index() + 1);
            found += events.size();
            moved = true;
        }
        // The cursor is durable for the restart, not for correctness: events read again after a
        // crash keep their ids and the outbox keeps each once. So it is written when events were
        // found, and otherwise at most every few seconds: a class chatting moves it on each pass,
        // and an fsync per pass competed with the trace writer's (issue J).
        long now = System.nanoTime();
        if (moved && (found > 0 || now - lastSaveNanos >= SAVE_EVERY_NANOS)) {
            cursor.save();
            lastSaveNanos = now;
        }
        return found;
    }

    private String institution(ClassroomId c) {
        try {
            return enrolment.get(c.value()).application().plan().institution();
        } catch (RuntimeException e) {
            return ""; // a class not created through the enrolment API: no institution's endpoint hears it
        }
    }

    private List<WebhookEvent> map(TraceEvent e, String institution) {
        String id = "trace/" + e.classroomId().value() + "/" + e.index();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("classId", e.classroomId().value());
        switch (e.kind()) {
            case SESSION_STARTED, SESSION_ENDED -> {
                data.put("lessonId", String.valueOf(e.data().get("sessionId")));
                data.put("lecturer", e.userId() == null ? null : e.userId().value());
                data.put("traceIndex", e.index());
                WebhookEventType type = e.kind() == TraceKind.SESSION_STARTED ? WebhookEventType.LESSON_STARTED
                        : WebhookEventType.LESSON_ENDED;
                WebhookEvent lesson = new WebhookEvent(id, type, e.recordedAt(), institution, data);
                if (type == WebhookEventType.LESSON_STARTED) {
                    return List.of(lesson);
                }
                // The lesson is over: its attendance (sign-ins, leave, presence) takes nothing more.
                Map<String, Object> att = new LinkedHashMap<>(data);
                att.put("endedAt", e.recordedAt().toString());
                List<WebhookEvent> out = new ArrayList<>(List.of(lesson, new WebhookEvent(id + "/attendance",
                        WebhookEventType.ATTENDANCE_FINAL, e.recordedAt(), institution, att)));
                out.addAll(eligibility(e, institution));
                return out;
            }
            case SCORE_RECORDED -> {
                if (e.userId() == null) {
                    return List.of();
                }
                PracticalScore p = assessment.state(e.classroomId()).practical(e.userId());
                if (p.status() != PracticalScore.Status.FINAL) {
                    return List.of(); // a first scorer's sheet, or scorers apart: nothing is published yet
                }
                data.put("trainee", e.userId().value());
                data.put("score", p.score().map(java.math.BigDecimal::toPlainString).orElse(null));
                data.put("passed", p.passed());
                return List.of(new WebhookEvent("score.published/" + e.classroomId().value() + "/" + e.userId().value(),
                        WebhookEventType.SCORE_PUBLISHED, e.recordedAt(), institution, data));
            }
            case CERTIFICATE_ISSUED -> {
                data.put("trainee", e.userId() == null ? null : e.userId().value());
                for (String k : List.of("number", "className", "region", "firstDay", "lastDay", "classHours", "issuedAt")) {
                    data.put(k, e.data().get(k));
                }
                String inst = institution.isEmpty() ? Optional.ofNullable(e.data().get("institution"))
                        .map(String::valueOf).orElse("") : institution;
                return List.of(new WebhookEvent(id, WebhookEventType.CERTIFICATE_ISSUED, e.recordedAt(), inst, data));
            }
            default -> {
                return List.of();
            }
        }
    }

    /**
     * At a lesson's end, the trainees the attendance rules find eligible for the assessment, judged
     * on the trace up to that end (so the same on every reading). Each trainee's is announced once,
     * when first reached (the event id holds the trainee): a loss of eligibility is not announced.
     */
    private List<WebhookEvent> eligibility(TraceEvent ended, String institution) {
        ClassroomId c = ended.classroomId();
        List<TraceEvent> upTo = trace.read(c, 0, (int) Math.min(Integer.MAX_VALUE - 1, ended.index() + 1));
        ClassReport report = ClassReports.build(c, upTo, Instant.EPOCH, ended.recordedAt(), ended.recordedAt(),
                attendance);
        List<WebhookEvent> out = new ArrayList<>();
        for (ClassReport.TraineeReport t : report.trainees()) {
            if (!t.eligible()) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("classId", c.value());
            data.put("trainee", t.userId().value());
            data.put("eligible", true);
            data.put("creditedClassHours", t.creditedClassHours().stripTrailingZeros().toPlainString());
            data.put("lessons", t.lessons());
            data.put("attended", t.attended());
            data.put("judgedAt", ended.recordedAt().toString());
            out.add(new WebhookEvent("eligibility/" + c.value() + "/" + t.userId().value() + "/eligible",
                    WebhookEventType.ELIGIBILITY, ended.recordedAt(), institution, data));
        }
        return out;
    }
}
