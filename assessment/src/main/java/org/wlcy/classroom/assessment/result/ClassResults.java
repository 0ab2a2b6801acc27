package org.wlcy.classroom.assessment.result;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.assessment.ClassAssessment;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.forms.FormSummary;
import org.wlcy.classroom.assessment.forms.Question;
import org.wlcy.classroom.assessment.scoring.PracticalScore;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * One class's results as the regulator desk counts them (Art. 24(3) 考核成绩…统计分析): every
 * trainee's result and certificate, and the class's feedback forms. Pure: built from the class's
 * assessment state and what attendance says of each trainee.
 *
 * @param forms the class's forms, each with its response rate and rating averages
 */
public record ClassResults(ClassroomId classroomId, String institution, String region, List<TraineeRow> trainees,
                           List<FormFigures> forms) {
    /** What attendance says of one trainee: the name joined under and the Art. 7(5) eligibility. */
    public record Attendee(UserId userId, String name, boolean eligible) {
    }

    /**
     * One trainee's row: {@code score} when final; {@code certificateStatus} {@code valid},
     * {@code revoked}, or null without a certificate.
     */
    public record TraineeRow(UserId userId, String name, boolean eligible, PracticalScore.Status scoreStatus,
                             BigDecimal score, boolean planSubmitted, boolean passed, List<ResultReason> reasons,
                             String certificateNumber, String certificateStatus) {
    }

    /**
     * One form: responses of the class's trainees; every 1-5 rating given on it ({@code ratings}, their
     * sum {@code ratingTotal}) and their average (two decimals, null before any); each rating
     * question's average.
     */
    public record FormFigures(String formId, FormKind kind, String day, int responses, BigDecimal responseRatePercent,
                              long ratings, long ratingTotal, Map<String, BigDecimal> averages) {
        public BigDecimal ratingAverage() {
            return ratings == 0 ? null
                    : BigDecimal.valueOf(ratingTotal).divide(BigDecimal.valueOf(ratings), 2, RoundingMode.HALF_UP);
        }
    }

    public ClassResults {
        trainees = List.copyOf(trainees);
        forms = List.copyOf(forms);
    }

    public static ClassResults of(ClassAssessment a, String institution, String region, List<Attendee> attendees) {
        List<TraineeRow> rows = new ArrayList<>();
        for (Attendee t : attendees) {
            TraineeResult r = a.result(t.userId(), t.eligible());
            Optional<CertificateSeal> cert = a.certificate(t.userId());
            rows.add(new TraineeRow(t.userId(), t.name(), t.eligible(), r.practical().status(),
                    r.practical().score().orElse(null),
                    a.submissions().latest(SubmissionKind.BUSINESS_PLAN, t.userId()).isPresent(), r.passed(), r.reasons(),
                    cert.map(s -> s.certificate().number().value()).orElse(null),
                    cert.map(s -> a.revoked(s.certificate().number()) ? "revoked" : "valid").orElse(null)));
        }
        List<FormFigures> forms = new ArrayList<>();
        for (Form f : a.forms().forms()) {
            FormSummary s = a.forms().summary(f.formId(), attendees.size());
            long sum = 0;
            long n = 0;
            for (Question q : f.template().questions()) {
                if (q.type() == Question.Type.RATING) {
                    for (Map.Entry<String, Integer> e : s.counts().getOrDefault(q.id(), Map.of()).entrySet()) {
                        sum += Long.parseLong(e.getKey()) * e.getValue();
                        n += e.getValue();
                    }
                }
            }
            forms.add(new FormFigures(f.formId(), f.kind(), f.day() == null ? null : f.day().toString(), s.responses(),
                    s.responseRatePercent(), n, sum, s.averages()));
        }
        return new ClassResults(a.classroom(), institution, region, rows, forms);
    }

    public int eligible() {
        return (int) trainees.stream().filter(TraineeRow::eligible).count();
    }

    public int scored() {
        return (int) trainees.stream().filter(t -> t.score() != null).count();
    }

    public int passed() {
        return (int) trainees.stream().filter(TraineeRow::passed).count();
    }

    public int plansSubmitted() {
        return (int) trainees.stream().filter(TraineeRow::planSubmitted).count();
    }

    public int certificatesIssued() {
        return (int) trainees.stream().filter(t -> t.certificateNumber() != null).count();
    }

    public int certificatesRevoked() {
        return (int) trainees.stream().filter(t -> "revoked".equals(t.certificateStatus())).count();
    }
}
