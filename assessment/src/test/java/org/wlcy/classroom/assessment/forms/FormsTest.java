package org.wlcy.classroom.assessment.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

class FormsTest {
    private static final Instant OPENS = Instant.parse("2026-11-02T09:00:00Z");
    private static final Form DAY1 = new Form(Form.idFor(FormKind.DAILY_FEEDBACK, LocalDate.parse("2026-11-02")),
            new ClassroomId("c1"), FormKind.DAILY_FEEDBACK, LocalDate.parse("2026-11-02"),
            FormTemplate.guidelineDefault(FormKind.DAILY_FEEDBACK), OPENS, OPENS.plusSeconds(86_400));

    private static Map<String, Object> answers(int content, int lecturers, int interaction, String pace) {
        Map<String, Object> m = new HashMap<>();
        m.put("content", content);
        m.put("lecturers", lecturers);
        m.put("interaction", interaction);
        m.put("pace", pace);
        return m;
    }

    @Test
    void theGuidelineFormsHaveRatingsChoicesAndText() {
        for (FormKind k : FormKind.values()) {
            FormTemplate t = FormTemplate.guidelineDefault(k);
            assertThat(t.questions()).extracting(Question::type)
                    .contains(Question.Type.RATING, Question.Type.CHOICE, Question.Type.TEXT);
        }
        assertThat(DAY1.formId()).isEqualTo("daily-2026-11-02");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "content | 6     | answers.content: a rating is a whole number 1-5",
            "content | 0     | answers.content: a rating is a whole number 1-5",
            "content | s:3   | answers.content: a rating is a whole number 1-5",
            "pace    | 很快  | answers.pace: must be one of",
            "nope    | 1     | answers.nope: no such question"})
    void aWrongAnswerNamesItsQuestion(String question, String value, String message) {
        Map<String, Object> a = answers(4, 4, 4, "合适");
        Object v = value.startsWith("s:") ? value.substring(2) : value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value;
        a.put(question, v);
        assertThatThrownBy(() -> FormAnswer.checked(DAY1, new UserId("t1"), a, OPENS.plusSeconds(60)))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void answersAreTakenOnlyWhileTheFormIsOpen() {
        assertThatThrownBy(() -> FormAnswer.checked(DAY1, new UserId("t1"), answers(4, 4, 4, "合适"), OPENS.minusSeconds(1)))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORM_CLOSED));
        assertThatThrownBy(() -> FormAnswer.checked(DAY1, new UserId("t1"), answers(4, 4, 4, "合适"), DAY1.closesAt()))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORM_CLOSED);
                    assertThat(e.getMessage()).contains("can no longer be changed");
                });
        Map<String, Object> missing = answers(4, 4, 4, "合适");
        missing.remove("lecturers");
        assertThatThrownBy(() -> FormAnswer.checked(DAY1, new UserId("t1"), missing, OPENS))
                .hasMessageContaining("answers.lecturers: an answer is required");
    }

    @Test
    void theSummaryShowsRateAveragesCountsAndTexts() {
        FormBook book = new FormBook();
        book.put(DAY1);
        Instant t = OPENS.plusSeconds(60);
        book.answered(FormAnswer.checked(DAY1, new UserId("t1"), answers(5, 4, 3, "合适"), t));
        Map<String, Object> second = answers(4, 4, 4, "太快");
        second.put("suggestions", "多讲直播带货");
        book.answered(FormAnswer.checked(DAY1, new UserId("t2"), second, t));
        // t1 changes their mind: only the latest answer counts.
        book.answered(FormAnswer.checked(DAY1, new UserId("t1"), answers(2, 4, 3, "合适"), t.plusSeconds(5)));

        FormSummary s = book.summary(DAY1.formId(), 4);
        assertThat(s.responses()).isEqualTo(2);
        assertThat(s.responseRatePercent()).isEqualByComparingTo("50.0");
        assertThat(s.averages().get("content")).isEqualByComparingTo(new BigDecimal("3.00"));
        assertThat(s.counts().get("content")).containsEntry("2", 1).containsEntry("4", 1).containsEntry("5", 0);
        assertThat(s.counts().get("pace")).containsEntry("合适", 1).containsEntry("太快", 1).containsEntry("太慢", 0);
        assertThat(s.texts().get("suggestions")).containsExactly("多讲直播带货");
        assertThatThrownBy(() -> book.form("daily-2030-01-01"))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORM_NOT_FOUND));
    }
}
