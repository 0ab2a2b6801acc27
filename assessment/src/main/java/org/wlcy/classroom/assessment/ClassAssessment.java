package org.wlcy.classroom.assessment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.FormBook;
import org.wlcy.classroom.assessment.record.AssessmentEvents;
import org.wlcy.classroom.assessment.result.TraineeResult;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.scoring.ScoreSheet;
import org.wlcy.classroom.assessment.scoring.ScoringPolicy;
import org.wlcy.classroom.assessment.submission.SubmissionBook;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.assessment.submission.UploadBook;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Everything result assessment knows of one class, folded from its trace in order: the scoring
 * rules, the scorers, who taught, the submissions, the score sheets, the forms and their answers,
 * the certificates. Nothing here is kept anywhere else; replaying the class's log gives it back.
 */
public final class ClassAssessment {
    private final ClassroomId classroom;
    private AssessmentEvents.Rules rules = new AssessmentEvents.Rules(Rubric.guidelineDefault(),
            ScoringPolicy.guidelineDefault());
    private final Set<UserId> scorers = new LinkedHashSet<>();
    private final Set<UserId> taught = new LinkedHashSet<>();
    private final Map<UserId, String> trainees = new LinkedHashMap<>();
    private final SubmissionBook submissions = new SubmissionBook();
    private final UploadBook uploads = new UploadBook();
    private final FormBook forms = new FormBook();
    private final Map<UserId, List<ScoreSheet>> scores = new LinkedHashMap<>();
    private final Map<UserId, CertificateSeal> certificates = new LinkedHashMap<>();
    private final Set<String> revoked = new LinkedHashSet<>();
    private long nextIndex;

    public ClassAssessment(ClassroomId classroom) {
        this.classroom = classroom;
    }

    /** Applies the class's next event (any kind; those assessment does not read are skipped). */
    public void apply(TraceEvent e) {
        if (e.index() >= 0) {
            nextIndex = Math.max(nextIndex, e.index() + 1);
        }
        switch (e.kind()) {
            case JOINED -> {
                Object role = e.data().get("role");
                if ("lecturer".equals(role)) {
                    taught.add(e.userId());
                } else if ("trainee".equals(role)) {
                    Object name = e.data().get("name");
                    trainees.merge(e.userId(), name instanceof String s ? s : e.userId().value(),
                            (old, n) -> name instanceof String ? n : old);
                }
            }
            case SESSION_STARTED -> taught.add(e.userId());
            case ASSESSMENT_RULES -> rules = AssessmentEvents.rules(e);
            case SCORER_ASSIGNED -> {
                if (Boolean.TRUE.equals(e.data().get("assigned"))) {
                    scorers.add(e.userId());
                } else {
                    scorers.remove(e.userId());
                }
            }
            case SUBMISSION_DEADLINE -> submissions.deadline(SubmissionKind.fromWire((String) e.data().get("kind")),
                    java.time.Instant.parse((String) e.data().get("at")));
            case SUBMISSION_SAVED -> submissions.apply(AssessmentEvents.submission(e));
            case ATTACHMENT_UPLOADED -> uploads.uploaded(e.userId(), AssessmentEvents.uploaded(e));
            case SCORE_RECORDED -> {
                ScoreSheet s = AssessmentEvents.score(e);
                scores.computeIfAbsent(s.trainee(), t -> new ArrayList<>()).add(s);
            }
            case FORM_PUT -> forms.put(AssessmentEvents.form(e));
            case FORM_ANSWERED -> forms.answered(AssessmentEvents.answer(e));
            case CERTIFICATE_ISSUED -> certificates.putIfAbsent(e.userId(), AssessmentEvents.issued(e));
            case CERTIFICATE_REVOKED -> revoked.add((String) e.data().get("number"));
            default -> {
            }
        }
    }

    public ClassroomId classroom() {
        return classroom;
    }

    /** The index of the next event this state has not seen. */
    public long nextIndex() {
        return nextIndex;
    }

    public Rubric rubric() {
        return rules.rubric();
    }

    public ScoringPolicy policy() {
        return rules.policy();
    }

    public Set<UserId> scorers() {
        return Set.copyOf(scorers);
    }

    /** Lecturers who joined the class as its lecturer or started one of its lessons. */
    public Set<UserId> taught() {
        return Set.copyOf(taught);
    }

    /** Trainees who ever joined, with the name they joined under. */
    public Map<UserId, String> trainees() {
        return Map.copyOf(trainees);
    }

    public SubmissionBook submissions() {
        return submissions;
    }

    /** The files the class's trainees uploaded. */
    public UploadBook uploads() {
        return uploads;
    }

    public FormBook forms() {
        return forms;
    }

    public PracticalScore practical(UserId trainee) {
        return PracticalScore.of(rules.policy(), scores.getOrDefault(trainee, List.of()));
    }

    public TraineeResult result(UserId trainee, boolean eligibleByAttendance) {
        return TraineeResult.judge(trainee, eligibleByAttendance, practical(trainee),
                submissions.latest(SubmissionKind.BUSINESS_PLAN, trainee).isPresent());
    }

    public Optional<CertificateSeal> certificate(UserId trainee) {
        return Optional.ofNullable(certificates.get(trainee));
    }

    public boolean revoked(CertificateNumber n) {
        return revoked.contains(n.value());
    }

    /** Whether {@code e} is one of the kinds this state reads. */
    public static boolean reads(TraceKind kind) {
        return switch (kind) {
            case JOINED, SESSION_STARTED, ASSESSMENT_RULES, SCORER_ASSIGNED, SUBMISSION_DEADLINE, SUBMISSION_SAVED,
                 ATTACHMENT_UPLOADED,
                 SCORE_RECORDED, FORM_PUT, FORM_ANSWERED, CERTIFICATE_ISSUED, CERTIFICATE_REVOKED -> true;
            default -> false;
        };
    }
}
