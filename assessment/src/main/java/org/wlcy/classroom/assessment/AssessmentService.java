package org.wlcy.classroom.assessment;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateRegistry;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormAnswer;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.forms.FormSchedule;
import org.wlcy.classroom.assessment.record.AssessmentEvents;
import org.wlcy.classroom.assessment.result.TraineeResult;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.scoring.ScoreSheet;
import org.wlcy.classroom.assessment.scoring.ScorerRule;
import org.wlcy.classroom.assessment.scoring.ScoringPolicy;
import org.wlcy.classroom.assessment.submission.Attachment;
import org.wlcy.classroom.assessment.submission.AttachmentRef;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.assessment.submission.UploadBook;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Result assessment, feedback forms and certificates over a class's trace. Every change is one
 * trace event: checked against the class's state, appended durably, then applied, so what is
 * acknowledged is on the signed record and nothing else is. Changes to one class are serialised;
 * reads bring the state up to date with what the log gained since (other writers, a restart).
 * Blocking: call from a worker thread, never an event loop.
 */
public final class AssessmentService {
    /** Reads a class's events from an index on (the trace store). */
    @FunctionalInterface
    public interface ClassEvents {
        List<TraceEvent> since(ClassroomId classroom, long fromIndex);
    }

    private final TraceLog trace;
    private final ClassEvents events;
    private final InstantSource clock;
    private final CertificateSeal.Signer signer;
    private final String keyId;
    private final ZoneId zone;
    private final Map<ClassroomId, ClassAssessment> classes = new ConcurrentHashMap<>();
    private final CertificateRegistry registry = new CertificateRegistry();

    public AssessmentService(TraceLog trace, ClassEvents events, InstantSource clock, CertificateSeal.Signer signer,
                             String keyId, ZoneId zone) {
        this.trace = trace;
        this.events = events;
        this.clock = clock;
        this.signer = signer;
        this.keyId = keyId;
        this.zone = zone;
    }

    /** Reads every class's certificates at start, so the public look-up knows them all. */
    public void load(Iterable<ClassroomId> all) {
        for (ClassroomId c : all) {
            state(c);
        }
    }

    /** The class's state, up to date with its log. */
    public ClassAssessment state(ClassroomId c) {
        ClassAssessment a = classes.computeIfAbsent(c, ClassAssessment::new);
        synchronized (a) {
            for (TraceEvent e : events.since(c, a.nextIndex())) {
                apply(a, e);
            }
            return a;
        }
    }

    private void apply(ClassAssessment a, TraceEvent e) {
        a.apply(e);
        switch (e.kind()) {
            case CERTIFICATE_ISSUED -> registry.issued(AssessmentEvents.issued(e));
            case CERTIFICATE_REVOKED -> registry.revoked(new CertificateNumber((String) e.data().get("number")),
                    new CertificateRegistry.Revocation(new UserId((String) e.data().get("by")),
                            (String) e.data().get("reason"), e.recordedAt()));
            default -> {
            }
        }
    }

    /** One change: under the class's lock, the state is brought up to date, asked for the event, which is stored and applied. */
    private <T> T change(ClassroomId c, java.util.function.Function<ClassAssessment, Change<T>> decide) {
        ClassAssessment a = state(c);
        synchronized (a) {
            for (TraceEvent e : events.since(c, a.nextIndex())) {
                apply(a, e);
            }
            Change<T> ch = decide.apply(a);
            if (ch.event() == null) {
                return ch.result(); // nothing to change
            }
            TraceEvent stored = durable(ch.event());
            if (stored.index() >= a.nextIndex()) {
                apply(a, stored);
            }
            return ch.result();
        }
    }

    private record Change<T>(TraceEvent event, T result) {
    }

    private TraceEvent durable(TraceEvent e) {
        try {
            return trace.append(List.of(e)).toCompletableFuture().get(30, TimeUnit.SECONDS).get(0);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new ClassroomException(ErrorCode.INTERNAL, "interrupted while storing; nothing was recorded");
        } catch (ExecutionException | CompletionException | TimeoutException x) {
            throw new ClassroomException(ErrorCode.INTERNAL, "the record could not be stored; nothing was changed, "
                    + "try again", x);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ rules and scorers (admin)

    public void setRules(ClassroomId c, Rubric rubric, ScoringPolicy policy, UserId by) {
        change(c, a -> new Change<>(AssessmentEvents.rules(c, new AssessmentEvents.Rules(rubric, policy), by, now()), null));
    }

    public void assignScorer(ClassroomId c, UserId scorer, boolean assigned, UserId by) {
        change(c, a -> {
            if (assigned) {
                ScorerRule.requireDidNotTeach(scorer, a.taught());
            }
            return new Change<>(AssessmentEvents.scorer(c, scorer, assigned, by, now()), null);
        });
    }

    // ------------------------------------------------------------------ submissions (trainees; deadlines: lecturers)

    public void setDeadline(ClassroomId c, SubmissionKind kind, Instant at, UserId by) {
        change(c, a -> new Change<>(AssessmentEvents.deadline(c, kind, at, by, now()), null));
    }

    /**
     * A draft or version with the fields given and the attachments named (each one of the trainee's
     * own uploads to the class); what is not given is not kept.
     */
    public Submission save(ClassroomId c, UserId trainee, SubmissionKind kind, Map<String, Object> fields,
                           List<AttachmentRef> attachments, boolean submit) {
        return change(c, a -> {
            Submission s = a.submissions().next(kind, trainee, fields,
                    a.uploads().resolve(trainee, kind, attachments), submit, now());
            return new Change<>(AssessmentEvents.submission(c, s), s);
        });
    }

    /**
     * Records a file the trainee uploaded for a submission of {@code kind}, already checked and
     * stored under its hash: refused after the deadline (256) and beyond
     * {@link UploadBook#MAX_PER_TRAINEE} distinct files (255). The same content again is recorded
     * again (with its new name) and counts once.
     */
    public Attachment uploaded(ClassroomId c, UserId trainee, SubmissionKind kind, Attachment file) {
        return change(c, a -> {
            requireUploadTaken(a, trainee, kind, file.sha256());
            return new Change<>(AssessmentEvents.uploaded(c, trainee, kind, file, now()), file);
        });
    }

    /** Whether an upload would be taken now (checked before the file is stored, and again when it is recorded). */
    public void requireUploadTaken(ClassroomId c, UserId trainee, SubmissionKind kind) {
        requireUploadTaken(state(c), trainee, kind, null);
    }

    private void requireUploadTaken(ClassAssessment a, UserId trainee, SubmissionKind kind, String sha256) {
        if (a.submissions().closed(kind, now())) {
            throw new ClassroomException(ErrorCode.SUBMISSION_CLOSED, "the deadline for the "
                    + (kind == SubmissionKind.BUSINESS_PLAN ? "business plan" : "practical results") + " was "
                    + a.submissions().deadline(kind).orElseThrow() + "; no more files are taken");
        }
        boolean known = sha256 != null && a.uploads().of(trainee, sha256).isPresent();
        if (!known && a.uploads().count(trainee) >= UploadBook.MAX_PER_TRAINEE) {
            throw new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, "you have uploaded "
                    + UploadBook.MAX_PER_TRAINEE + " files to this class; attach the ones you have");
        }
    }

    // ------------------------------------------------------------------ scoring (assigned scorers)

    public ScoreSheet score(ClassroomId c, UserId scorer, UserId trainee, Map<String, Integer> points,
                            Map<String, String> comments, String comment) {
        return change(c, a -> {
            if (!a.scorers().contains(scorer)) {
                throw new ClassroomException(ErrorCode.NOT_A_SCORER, scorer.value() + " is not a scoring lecturer of "
                        + c.value());
            }
            ScorerRule.requireDidNotTeach(scorer, a.taught());
            if (a.submissions().latest(SubmissionKind.PRACTICAL_RESULTS, trainee).isEmpty()) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "trainee: " + trainee.value()
                        + " has not submitted practical results");
            }
            ScoreSheet s;
            try {
                s = ScoreSheet.checked(a.rubric(), scorer, trainee, points, comments, comment, now());
            } catch (IllegalArgumentException e) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
            }
            return new Change<>(AssessmentEvents.score(c, s), s);
        });
    }

    // ------------------------------------------------------------------ forms

    public void putForm(Form f, UserId by) {
        change(f.classroomId(), a -> new Change<>(AssessmentEvents.form(f, by, now()), null));
    }

    /**
     * When a lesson that started at {@code lessonStart} ends: puts the day's feedback form if the
     * class has none for that day (recorded under {@code under}, the lesson's lecturer, with
     * {@code source=lesson-ended}); the form put, or empty.
     */
    public java.util.Optional<Form> putDailyFormAfterLesson(ClassroomId c, Instant lessonStart, UserId under) {
        return change(c, a -> {
            Instant at = now();
            java.util.Optional<Form> f = FormSchedule.dailyAfterLesson(a.forms(), c, LocalDate.ofInstant(lessonStart, zone),
                    at, zone);
            return new Change<>(f.map(x -> AssessmentEvents.form(x, under, at, "lesson-ended")).orElse(null), f);
        });
    }

    /**
     * Opens the end-of-class form now until {@code closesAt} (null: the end of the next day). One
     * already open and without a new {@code closesAt} is answered as it is.
     */
    public Form openEndOfClassForm(ClassroomId c, Instant closesAt, UserId by) {
        return change(c, a -> {
            Instant at = now();
            java.util.Optional<Form> open = a.forms().find(Form.idFor(FormKind.END_OF_CLASS, null))
                    .filter(f -> f.isOpen(at));
            if (open.isPresent() && closesAt == null) {
                return new Change<>(null, open.get());
            }
            Form f;
            try {
                f = FormSchedule.endOfClass(a.forms(), c, at, closesAt, zone);
            } catch (IllegalArgumentException e) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "closesAt: " + e.getMessage());
            }
            return new Change<>(AssessmentEvents.form(f, by, at), f);
        });
    }

    public FormAnswer answer(ClassroomId c, UserId trainee, String formId, Map<String, Object> answers) {
        return change(c, a -> {
            FormAnswer ans = FormAnswer.checked(a.forms().form(formId), trainee, answers, now());
            return new Change<>(AssessmentEvents.answer(c, ans), ans);
        });
    }

    // ------------------------------------------------------------------ certificates (admins)

    /** What a certificate says besides the trainee: the class, its institution and region, its days and hours. */
    public record ClassFacts(String className, String institution, String region, LocalDate firstDay, LocalDate lastDay,
                             int classHours) {
    }

    public CertificateSeal issue(ClassroomId c, UserId trainee, String name, String maskedIdNumber,
                                 boolean eligibleByAttendance, ClassFacts facts, UserId by) {
        return change(c, a -> {
            if (a.certificate(trainee).isPresent()) {
                return new Change<>(null, a.certificate(trainee).get());
            }
            TraineeResult r = a.result(trainee, eligibleByAttendance);
            if (!r.passed()) {
                throw new ClassroomException(ErrorCode.NOT_PASSED, trainee.value() + " has not passed: " + r.reasons());
            }
            Instant at = now();
            int year = at.atZone(zone).getYear();
            CertificateNumber n;
            synchronized (registry) {
                n = CertificateNumber.of(facts.region(), year, registry.nextSequence(facts.region(), year));
            }
            Certificate cert = new Certificate(n, trainee, name, maskedIdNumber, c, facts.className(),
                    facts.institution(), facts.region(), facts.firstDay(), facts.lastDay(), facts.classHours(), at);
            CertificateSeal seal = CertificateSeal.seal(cert, signer, keyId);
            return new Change<>(AssessmentEvents.issued(seal, by), seal);
        });
    }

    public void revoke(CertificateNumber n, String reason, UserId by) {
        CertificateSeal seal = registry.find(n).orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD,
                "number: no certificate " + n + " was issued"));
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "reason: 1-500 characters, on the record");
        }
        ClassroomId c = seal.certificate().classroomId();
        change(c, a -> new Change<>(a.revoked(n) ? null
                : AssessmentEvents.revoked(c, seal.certificate().trainee(), n, reason, by, now()), null));
    }

    public CertificateRegistry registry() {
        return registry;
    }
}
