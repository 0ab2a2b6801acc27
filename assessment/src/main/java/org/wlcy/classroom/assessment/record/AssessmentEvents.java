package org.wlcy.classroom.assessment.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormAnswer;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.forms.FormTemplate;
import org.wlcy.classroom.assessment.forms.Question;
import org.wlcy.classroom.assessment.scoring.Criterion;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.scoring.ScoreSheet;
import org.wlcy.classroom.assessment.scoring.ScoringPolicy;
import org.wlcy.classroom.assessment.submission.Attachment;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * How assessment facts are written into a class's trace, and read back. Trace data is flat (strings,
 * whole numbers, booleans), so maps become prefixed keys ({@code points.shop}, {@code fields.orders},
 * {@code answers.content}) and lists a JSON string. {@code docs/assessment.md} lists every field.
 */
public final class AssessmentEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssessmentEvents() {
    }

    private static TraceEvent event(ClassroomId c, UserId under, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, c, null, under, kind, at, "srv/" + kind.wire() + "/" + UUID.randomUUID(), null, data);
    }

    // ------------------------------------------------------------------ rules and scorers

    public record Rules(Rubric rubric, ScoringPolicy policy) {
    }

    public static TraceEvent rules(ClassroomId c, Rules r, UserId by, Instant at) {
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Criterion k : r.rubric().criteria()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("title", k.title());
            m.put("titleEn", k.titleEn());
            m.put("guide", k.guide());
            m.put("points", k.points());
            criteria.add(m);
        }
        return event(c, by, TraceKind.ASSESSMENT_RULES, at, Map.of("criteria", write(criteria),
                "passMark", r.policy().passMark(), "scorers", r.policy().scorers(),
                "thirdScorerGap", r.policy().thirdScorerGap(), "by", by.value()));
    }

    public static Rules rules(TraceEvent e) {
        List<Map<String, Object>> criteria = read(str(e, "criteria"), new TypeReference<>() { });
        List<Criterion> out = new ArrayList<>();
        for (Map<String, Object> m : criteria) {
            out.add(new Criterion((String) m.get("id"), (String) m.get("title"), (String) m.get("titleEn"),
                    (String) m.get("guide"), ((Number) m.get("points")).intValue()));
        }
        return new Rules(new Rubric(out), new ScoringPolicy(whole(e, "passMark"), whole(e, "scorers"),
                whole(e, "thirdScorerGap")));
    }

    public static TraceEvent scorer(ClassroomId c, UserId scorer, boolean assigned, UserId by, Instant at) {
        return event(c, scorer, TraceKind.SCORER_ASSIGNED, at, Map.of("assigned", assigned, "by", by.value()));
    }

    public static TraceEvent deadline(ClassroomId c, SubmissionKind kind, Instant deadline, UserId by, Instant at) {
        return event(c, by, TraceKind.SUBMISSION_DEADLINE, at, Map.of("kind", kind.wire(), "at", deadline.toString()));
    }

    // ------------------------------------------------------------------ submissions and scores

    public static TraceEvent submission(ClassroomId c, Submission s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", s.kind().wire());
        data.put("version", s.version());
        s.fields().forEach((k, v) -> data.put("fields." + k, v));
        List<Map<String, Object>> files = new ArrayList<>();
        for (Attachment a : s.attachments()) {
            files.add(Map.of("sha256", a.sha256(), "fileName", a.fileName(), "type", a.type(), "bytes", a.bytes()));
        }
        data.put("attachments", write(files));
        return event(c, s.trainee(), TraceKind.SUBMISSION_SAVED, s.savedAt(), data);
    }

    public static Submission submission(TraceEvent e) {
        List<Map<String, Object>> files = read(str(e, "attachments"), new TypeReference<>() { });
        List<Attachment> attachments = new ArrayList<>();
        for (Map<String, Object> m : files) {
            attachments.add(new Attachment((String) m.get("sha256"), (String) m.get("fileName"), (String) m.get("type"),
                    ((Number) m.get("bytes")).longValue()));
        }
        return new Submission(SubmissionKind.fromWire(str(e, "kind")), e.userId(), whole(e, "version"),
                prefixed(e, "fields."), attachments, e.recordedAt());
    }

    /** A file a trainee uploaded for a submission of {@code kind}, stored by its hash. */
    public static TraceEvent uploaded(ClassroomId c, UserId trainee, SubmissionKind kind, Attachment a, Instant at) {
        return event(c, trainee, TraceKind.ATTACHMENT_UPLOADED, at, Map.of("kind", kind.wire(), "sha256", a.sha256(),
                "fileName", a.fileName(), "type", a.type(), "bytes", a.bytes()));
    }

    public static Attachment uploaded(TraceEvent e) {
        Object bytes = e.data().get("bytes");
        return new Attachment(str(e, "sha256"), str(e, "fileName"), str(e, "type"),
                bytes instanceof Long l ? l : 0L);
    }

    public static TraceEvent score(ClassroomId c, ScoreSheet s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scorer", s.scorer().value());
        s.points().forEach((k, v) -> data.put("points." + k, v));
        s.comments().forEach((k, v) -> data.put("comments." + k, v));
        data.put("comment", s.comment());
        return event(c, s.trainee(), TraceKind.SCORE_RECORDED, s.recordedAt(), data);
    }

    public static ScoreSheet score(TraceEvent e) {
        Map<String, Integer> points = new LinkedHashMap<>();
        prefixed(e, "points.").forEach((k, v) -> points.put(k, ((Number) v).intValue()));
        Map<String, String> comments = new LinkedHashMap<>();
        prefixed(e, "comments.").forEach((k, v) -> comments.put(k, (String) v));
        return new ScoreSheet(new UserId(str(e, "scorer")), e.userId(), points, comments, str(e, "comment"),
                e.recordedAt());
    }

    // ------------------------------------------------------------------ forms

    /** A form the server put by itself ({@code source}: why, e.g. {@code lesson-ended}), under {@code under}. */
    public static TraceEvent form(Form f, UserId under, Instant at, String source) {
        TraceEvent e = form(f, under, at);
        Map<String, Object> data = new LinkedHashMap<>(e.data());
        data.put("source", source);
        return event(f.classroomId(), under, TraceKind.FORM_PUT, at, data);
    }

    public static TraceEvent form(Form f, UserId by, Instant at) {
        List<Map<String, Object>> questions = new ArrayList<>();
        for (Question q : f.template().questions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", q.id());
            m.put("type", q.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("text", q.text());
            m.put("textEn", q.textEn());
            m.put("options", q.options());
            m.put("required", q.required());
            questions.add(m);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("formId", f.formId());
        data.put("kind", f.kind().wire());
        data.put("day", f.day() == null ? "" : f.day().toString());
        data.put("opensAt", f.opensAt().toString());
        data.put("closesAt", f.closesAt().toString());
        data.put("questions", write(questions));
        return event(f.classroomId(), by, TraceKind.FORM_PUT, at, data);
    }

    public static Form form(TraceEvent e) {
        List<Map<String, Object>> qs = read(str(e, "questions"), new TypeReference<>() { });
        List<Question> questions = new ArrayList<>();
        for (Map<String, Object> m : qs) {
            @SuppressWarnings("unchecked")
            List<String> options = (List<String>) m.get("options");
            questions.add(new Question((String) m.get("id"),
                    Question.Type.valueOf(((String) m.get("type")).toUpperCase(java.util.Locale.ROOT)),
                    (String) m.get("text"), (String) m.get("textEn"), options, Boolean.TRUE.equals(m.get("required"))));
        }
        FormKind kind = FormKind.fromWire(str(e, "kind"));
        String day = str(e, "day");
        return new Form(str(e, "formId"), e.classroomId(), kind, day.isEmpty() ? null : LocalDate.parse(day),
                new FormTemplate(kind, questions), Instant.parse(str(e, "opensAt")), Instant.parse(str(e, "closesAt")));
    }

    public static TraceEvent answer(ClassroomId c, FormAnswer a) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("formId", a.formId());
        a.answers().forEach((k, v) -> data.put("answers." + k, v));
        return event(c, a.trainee(), TraceKind.FORM_ANSWERED, a.recordedAt(), data);
    }

    public static FormAnswer answer(TraceEvent e) {
        Map<String, Object> answers = new LinkedHashMap<>();
        prefixed(e, "answers.").forEach((k, v) -> answers.put(k, v instanceof Long l ? Integer.valueOf(l.intValue()) : v));
        return new FormAnswer(str(e, "formId"), e.userId(), answers, e.recordedAt());
    }

    // ------------------------------------------------------------------ certificates

    public static TraceEvent issued(CertificateSeal seal, UserId by) {
        Certificate c = seal.certificate();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("number", c.number().value());
        data.put("name", c.traineeName());
        data.put("idNumber", c.maskedIdNumber());
        data.put("className", c.className());
        data.put("institution", c.institution());
        data.put("region", c.region());
        data.put("firstDay", c.firstDay().toString());
        data.put("lastDay", c.lastDay().toString());
        data.put("classHours", c.classHours());
        data.put("issuedAt", c.issuedAt().toString());
        data.put("keyId", seal.keyId());
        data.put("signature", seal.signature());
        data.put("by", by.value());
        return event(c.classroomId(), c.trainee(), TraceKind.CERTIFICATE_ISSUED, c.issuedAt(), data);
    }

    public static CertificateSeal issued(TraceEvent e) {
        Certificate c = new Certificate(new CertificateNumber(str(e, "number")), e.userId(), str(e, "name"),
                str(e, "idNumber"), e.classroomId(), str(e, "className"), str(e, "institution"), str(e, "region"),
                LocalDate.parse(str(e, "firstDay")), LocalDate.parse(str(e, "lastDay")), whole(e, "classHours"),
                Instant.parse(str(e, "issuedAt")));
        return new CertificateSeal(c, str(e, "keyId"), str(e, "signature"));
    }

    public static TraceEvent revoked(ClassroomId c, UserId trainee, CertificateNumber n, String reason, UserId by,
                                     Instant at) {
        return event(c, trainee, TraceKind.CERTIFICATE_REVOKED, at, Map.of("number", n.value(), "reason", reason,
                "by", by.value()));
    }

    // ------------------------------------------------------------------ helpers

    static String str(TraceEvent e, String key) {
        Object v = e.data().get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(e.kind().wire() + " event " + e.eventId() + " lacks " + key);
        }
        return s;
    }

    static int whole(TraceEvent e, String key) {
        Object v = e.data().get(key);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException(e.kind().wire() + " event " + e.eventId() + " lacks " + key);
        }
        return Math.toIntExact(l);
    }

    private static Map<String, Object> prefixed(TraceEvent e, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.data().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the JSON this event holds: " + e.getOriginalMessage());
        }
    }
}
