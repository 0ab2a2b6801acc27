package org.wlcy.classroom.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.certificate.LookupAnswer;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.forms.FormTemplate;
import org.wlcy.classroom.assessment.scoring.Criterion;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.submission.Attachment;
import org.wlcy.classroom.assessment.submission.AttachmentRef;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/** The service over an in-memory log: every change is one event, and a fresh service reading the same log agrees. */
class AssessmentServiceTest {
    private static final ClassroomId C = new ClassroomId("c1");
    private static final UserId ADMIN = new UserId("a01");
    private static final UserId TEACHER = new UserId("l01");
    private static final UserId SCORER = new UserId("s01");
    private static final UserId T1 = new UserId("t01");
    private final List<TraceEvent> log = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-09T08:00:00Z");
    private CheckpointSigner signer;
    private boolean storeFails;

    private final TraceLog trace = events -> {
        if (storeFails) {
            return CompletableFuture.failedFuture(new java.io.IOException("disk full"));
        }
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            TraceEvent s = e.at(log.size());
            log.add(s);
            out.add(s);
        }
        return CompletableFuture.completedFuture(out);
    };

    private AssessmentService service() {
        return new AssessmentService(trace, (c, from) -> log.stream().filter(e -> e.index() >= from).toList(),
                () -> now, signer::signTagged, signer.keyId(), ZoneId.of("Asia/Shanghai"));
    }

    @BeforeEach
    void lessonsWereTaught() throws Exception {
        signer = new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        trace.append(List.of(
                new TraceEvent(-1, C, "s1", TEACHER, TraceKind.JOINED, now, "srv/1", null,
                        Map.of("role", "lecturer", "name", "李老师", "participantId", "p1")),
                new TraceEvent(-1, C, "s1", T1, TraceKind.JOINED, now, "srv/2", null,
                        Map.of("role", "trainee", "name", "张三", "participantId", "p2"))));
    }

    private static Map<String, Integer> points(int each) {
        return Rubric.guidelineDefault().criteria().stream()
                .collect(Collectors.toMap(Criterion::id, c -> Math.min(c.points(), each)));
    }

    private static Map<String, Object> practical() {
        return Map.of("shopName", "山货小铺", "platform", "微店", "products", "蜂蜜", "orders", 3, "turnoverCents", 12_000);
    }

    private static Map<String, Object> plan() {
        return Map.of("positioning", "a", "customers", "b", "products", "c", "marketing", "d", "operations", "e",
                "finance", "f");
    }

    @Test
    void theWholeCycleFromSubmissionToCertificate() {
        AssessmentService s = service();
        assertThatThrownBy(() -> s.assignScorer(C, TEACHER, true, ADMIN))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCORER_TAUGHT_CLASS));
        s.assignScorer(C, SCORER, true, ADMIN);
        assertThatThrownBy(() -> s.score(C, TEACHER, T1, points(20), Map.of(), ""))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_SCORER));
        assertThatThrownBy(() -> s.score(C, SCORER, T1, points(20), Map.of(), ""))
                .hasMessageContaining("has not submitted practical results");

        s.save(C, T1, SubmissionKind.PRACTICAL_RESULTS, practical(), List.of(), true);
        s.score(C, SCORER, T1, points(10), Map.of("shop", "还需装修"), "继续努力");
        assertThat(s.state(C).result(T1, true).passed()).isFalse();
        s.score(C, SCORER, T1, points(20), Map.of(), "很好"); // changed mind: 20+20+20+20+15 = 95
        assertThatThrownBy(() -> s.issue(C, T1, "张三", "110105********002X", true, facts(), ADMIN))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_PASSED);
                    assertThat(e.getMessage()).contains("PLAN_NOT_SUBMITTED");
                });
        s.save(C, T1, SubmissionKind.BUSINESS_PLAN, plan(), List.of(), true);
        assertThatThrownBy(() -> s.issue(C, T1, "张三", "110105********002X", false, facts(), ADMIN))
                .hasMessageContaining("NOT_ELIGIBLE_BY_ATTENDANCE");

        CertificateSeal seal = s.issue(C, T1, "张三", "110105********002X", true, facts(), ADMIN);
        assertThat(seal.certificate().number().value()).startsWith("110000-2026-000001");
        assertThat(seal.verifies(signer.publicKey())).isTrue();
        assertThat(s.issue(C, T1, "张三", "110105********002X", true, facts(), ADMIN)).isEqualTo(seal);
        assertThat(s.registry().lookup(seal.certificate().number().value(), "张三")).isEqualTo(LookupAnswer.VALID);
        s.revoke(seal.certificate().number(), "材料造假", ADMIN);
        assertThat(s.registry().lookup(seal.certificate().number().value(), "张三")).isEqualTo(LookupAnswer.REVOKED);

        // A new service reading the same log (a restart) knows all of it.
        AssessmentService again = service();
        again.load(List.of(C));
        ClassAssessment a = again.state(C);
        assertThat(a.scorers()).containsExactly(SCORER);
        assertThat(a.practical(T1).score()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("95"));
        assertThat(a.result(T1, true).passed()).isTrue();
        assertThat(again.registry().lookup(seal.certificate().number().value(), "张三")).isEqualTo(LookupAnswer.REVOKED);
        assertThat(log).filteredOn(e -> e.kind() == TraceKind.SCORE_RECORDED).hasSize(2);
        assertThat(log).filteredOn(e -> e.kind() == TraceKind.CERTIFICATE_ISSUED).hasSize(1);
    }

    @Test
    void formsAreAnsweredWhileOpenAndAChangeReplacesTheAnswer() {
        AssessmentService s = service();
        Form day = new Form("daily-2026-11-09", C, FormKind.DAILY_FEEDBACK, LocalDate.parse("2026-11-09"),
                FormTemplate.guidelineDefault(FormKind.DAILY_FEEDBACK), now, now.plusSeconds(3600));
        s.putForm(day, TEACHER);
        s.answer(C, T1, day.formId(), Map.of("content", 3, "lecturers", 4, "interaction", 5, "pace", "合适"));
        s.answer(C, T1, day.formId(), Map.of("content", 5, "lecturers", 4, "interaction", 5, "pace", "合适"));
        now = now.plusSeconds(3600);
        assertThatThrownBy(() -> s.answer(C, T1, day.formId(), Map.of("content", 1)))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORM_CLOSED));
        AssessmentService again = service();
        assertThat(again.state(C).forms().summary(day.formId(), 1).averages().get("content")).isEqualByComparingTo("5");
    }

    @Test
    void aStoreFailureChangesNothingAndSaysSo() {
        AssessmentService s = service();
        storeFails = true;
        assertThatThrownBy(() -> s.save(C, T1, SubmissionKind.PRACTICAL_RESULTS, practical(), List.of(), true))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("nothing was changed");
                });
        storeFails = false;
        assertThat(s.state(C).submissions().latest(SubmissionKind.PRACTICAL_RESULTS, T1)).isEmpty();
        assertThat(s.save(C, T1, SubmissionKind.PRACTICAL_RESULTS, practical(), List.of(), true).version()).isEqualTo(1);
    }

    @Test
    void aLessonsEndPutsTheDaysFormOnceWithTheClassesOwnQuestions() {
        AssessmentService s = service();
        Instant lesson = Instant.parse("2026-11-09T01:00:00Z"); // 09:00 in Beijing
        now = Instant.parse("2026-11-09T02:30:00Z");
        Form first = s.putDailyFormAfterLesson(C, lesson, TEACHER).orElseThrow();
        assertThat(first.formId()).isEqualTo("daily-2026-11-09");
        assertThat(first.opensAt()).isEqualTo(now);
        assertThat(first.closesAt()).isEqualTo(Instant.parse("2026-11-10T16:00:00Z"));
        assertThat(first.template()).isEqualTo(FormTemplate.guidelineDefault(FormKind.DAILY_FEEDBACK));
        now = Instant.parse("2026-11-09T08:00:00Z");
        assertThat(s.putDailyFormAfterLesson(C, Instant.parse("2026-11-09T06:00:00Z"), TEACHER)).isEmpty();

        FormTemplate own = new FormTemplate(FormKind.DAILY_FEEDBACK, List.of(
                org.wlcy.classroom.assessment.forms.Question.rating("useful", "今天有收获吗？", "Useful?")));
        s.putForm(new Form(first.formId(), C, FormKind.DAILY_FEEDBACK, first.day(), own, first.opensAt(),
                first.closesAt()), ADMIN);
        now = Instant.parse("2026-11-10T09:00:00Z");
        Form next = s.putDailyFormAfterLesson(C, Instant.parse("2026-11-10T07:00:00Z"), TEACHER).orElseThrow();
        assertThat(next.formId()).isEqualTo("daily-2026-11-10");
        assertThat(next.template()).isEqualTo(own);
        // a lesson of a day long past still leaves the trainees a day to answer
        now = Instant.parse("2026-11-20T09:00:00Z");
        Form late = s.putDailyFormAfterLesson(C, Instant.parse("2026-11-12T07:00:00Z"), TEACHER).orElseThrow();
        assertThat(late.closesAt()).isEqualTo(now.plusSeconds(86_400));
        assertThat(log).filteredOn(e -> e.kind() == TraceKind.FORM_PUT).hasSize(4);
    }

    @Test
    void theEndOfClassFormOpensOnceAndKeepsItsQuestions() {
        AssessmentService s = service();
        Form f = s.openEndOfClassForm(C, null, TEACHER);
        assertThat(f.formId()).isEqualTo("final");
        assertThat(f.closesAt()).isEqualTo(Instant.parse("2026-11-10T16:00:00Z"));
        assertThat(s.openEndOfClassForm(C, null, TEACHER)).isEqualTo(f);
        assertThat(log).filteredOn(e -> e.kind() == TraceKind.FORM_PUT).hasSize(1);
        assertThatThrownBy(() -> s.openEndOfClassForm(C, now.minusSeconds(1), TEACHER))
                .hasMessageContaining("closesAt");
        now = f.closesAt();
        Form reopened = s.openEndOfClassForm(C, null, TEACHER);
        assertThat(reopened.opensAt()).isEqualTo(now);
        assertThat(reopened.template()).isEqualTo(f.template());
    }

    @Test
    void aSubmissionNamesOnlyItsTraineesOwnUploadsOfATypeItTakes() {
        AssessmentService s = service();
        UserId t2 = new UserId("t02");
        String png = "a".repeat(64);
        String pdf = "b".repeat(64);
        s.uploaded(C, T1, SubmissionKind.PRACTICAL_RESULTS, new Attachment(png, "截图.png", "png", 10));
        s.uploaded(C, T1, SubmissionKind.BUSINESS_PLAN, new Attachment(pdf, "规划书.pdf", "pdf", 20));
        var saved = s.save(C, T1, SubmissionKind.PRACTICAL_RESULTS, practical(),
                List.of(new AttachmentRef(png, null), new AttachmentRef(pdf, "合同.PDF")), true);
        assertThat(saved.attachments()).extracting(Attachment::fileName).containsExactly("截图.png", "合同.PDF");
        assertThat(service().state(C).submissions().latest(SubmissionKind.PRACTICAL_RESULTS, T1).orElseThrow()
                .attachments()).isEqualTo(saved.attachments());
        assertThatThrownBy(() -> s.save(C, t2, SubmissionKind.PRACTICAL_RESULTS, practical(),
                List.of(new AttachmentRef(png, "x.png")), false))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                    assertThat(e.getMessage()).startsWith("attachments[0].sha256");
                });
        assertThatThrownBy(() -> s.save(C, T1, SubmissionKind.BUSINESS_PLAN, plan(), List.of(new AttachmentRef(png, null)),
                false)).isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ATTACHMENT_REFUSED));
        assertThatThrownBy(() -> s.save(C, T1, SubmissionKind.PRACTICAL_RESULTS, practical(),
                List.of(new AttachmentRef(png, null), new AttachmentRef(png, null)), false))
                .hasMessageContaining("attached twice");
        for (int i = 2; i < org.wlcy.classroom.assessment.submission.UploadBook.MAX_PER_TRAINEE; i++) {
            s.uploaded(C, T1, SubmissionKind.PRACTICAL_RESULTS, new Attachment(String.format("%064x", i), "x.png", "png", 1));
        }
        assertThatThrownBy(() -> s.uploaded(C, T1, SubmissionKind.PRACTICAL_RESULTS,
                new Attachment("c".repeat(64), "y.png", "png", 1)))
                .isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ATTACHMENT_REFUSED));
        s.uploaded(C, T1, SubmissionKind.PRACTICAL_RESULTS, new Attachment(png, "again.png", "png", 10)); // known: fine
        s.setDeadline(C, SubmissionKind.BUSINESS_PLAN, now, TEACHER);
        assertThatThrownBy(() -> s.requireUploadTaken(C, T1, SubmissionKind.BUSINESS_PLAN))
                .isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_CLOSED));
    }

    private static AssessmentService.ClassFacts facts() {
        return new AssessmentService.ClassFacts("网络创业培训第一期", "北京创业培训学校", "110000",
                LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-10"), 56);
    }
}
