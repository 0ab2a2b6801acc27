package org.wlcy.classroom.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** How answers are checked and scored, kind by kind (the rules in {@link ExerciseSpec}'s javadoc). */
class ScoringTest {

    private static Integer score(ExerciseSpec spec, List<Integer> choices, String text) {
        return spec.score(spec.mark(Answer.of(spec, choices, text)));
    }

    @Nested
    class Single {
        private final ExerciseSpec spec = ExerciseSpec.of(ExerciseKind.SINGLE, "哪个是电商平台？",
                List.of("淘宝", "微信读书", "高德地图"), List.of(0), 30, null);

        @Test
        void theRightOptionEarnsThePointsAndDefaultsToTen() {
            assertThat(spec.points()).isEqualTo(10);
            assertThat(score(spec, List.of(0), null)).isEqualTo(10);
            assertThat(score(spec, List.of(2), null)).isZero();
        }

        @Test
        void exactlyOneOptionIsChosen() {
            assertThatThrownBy(() -> Answer.of(spec, List.of(0, 1), null))
                    .isInstanceOfSatisfying(ClassroomException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
            assertThatThrownBy(() -> Answer.of(spec, List.of(3), null)).hasMessageContaining("0-2");
            assertThatThrownBy(() -> Answer.of(spec, null, "淘宝")).hasMessageContaining("choices");
        }
    }

    @Nested
    class Multiple {
        private final ExerciseSpec spec = ExerciseSpec.of(ExerciseKind.MULTIPLE, "开网店需要哪些？",
                List.of("营业执照", "税务登记", "出国签证", "银行账户"), List.of(3, 0, 1), 60, 20);

        @Test
        void theKeyIsKeptInAscendingOrder() {
            assertThat(spec.correct()).containsExactly(0, 1, 3);
            assertThat(spec.key()).containsExactly(0, 1, 3);
        }

        @Test
        void exactlyTheRightSetEarnsThePointsInAnyOrder() {
            assertThat(score(spec, List.of(3, 1, 0), null)).isEqualTo(20);
            assertThat(Answer.of(spec, List.of(3, 1, 0), null).choices()).containsExactly(0, 1, 3);
        }

        /** All-or-nothing: no partial credit for a subset, nothing for a superset (guessing all). */
        @Test
        void aSubsetOrASupersetEarnsNothing() {
            assertThat(score(spec, List.of(0, 1), null)).isZero();
            assertThat(score(spec, List.of(0, 1, 2, 3), null)).isZero();
            assertThat(score(spec, List.of(2), null)).isZero();
        }

        @Test
        void anOptionChosenTwiceIsRefused() {
            assertThatThrownBy(() -> Answer.of(spec, List.of(0, 0), null)).hasMessageContaining("twice");
        }
    }

    @Nested
    class TrueFalse {
        @Test
        void optionsDefaultTo对错() {
            ExerciseSpec spec = ExerciseSpec.of(ExerciseKind.TRUEFALSE, "个体户可以雇工", null, List.of(0), 15, 5);

            assertThat(spec.options()).containsExactly("对", "错");
            assertThat(score(spec, List.of(0), null)).isEqualTo(5);
            assertThat(score(spec, List.of(1), null)).isZero();
        }

        @Test
        void givenOptionsMustBeTwoAndTheKeyOne() {
            ExerciseSpec spec = ExerciseSpec.of(ExerciseKind.TRUEFALSE, "p", List.of("正确", "错误"), List.of(1), 15, 5);
            assertThat(spec.options()).containsExactly("正确", "错误");
            assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.TRUEFALSE, "p", null, List.of(0, 1), 15, 5))
                    .hasMessageContaining("exactly one");
            assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.TRUEFALSE, "p", null, List.of(2), 15, 5))
                    .hasMessageContaining("correct");
        }
    }

    @Nested
    class Text {
        private final ExerciseSpec spec = ExerciseSpec.of(ExerciseKind.TEXT, "ROI 的中文？", null,
                List.of(" 投资回报率 ", "Return on Investment"), 60, 10);

        @Test
        void anAcceptedAnswerMatchesAfterTrimmingAndCaseFolding() {
            assertThat(score(spec, null, "投资回报率")).isEqualTo(10);
            assertThat(score(spec, null, "  return ON investment\t")).isEqualTo(10);
            assertThat(score(spec, null, "投资收益")).isZero();
        }

        @Test
        void fullWidthLettersCountAsTheirHalfWidthForms() {
            assertThat(score(spec, null, "ＲＥＴＵＲＮ ＯＮ ＩＮＶＥＳＴＭＥＮＴ")).isEqualTo(10);
        }

        @Test
        void withoutAcceptedAnswersItIsNotScored() {
            ExerciseSpec open = ExerciseSpec.of(ExerciseKind.TEXT, "谈谈你的创业想法", null, null, 300, 10);

            assertThat(open.scored()).isFalse();
            assertThat(open.key()).isNull();
            assertThat(open.mark(Answer.of(open, null, "开一家网店"))).isNull();
            assertThat(score(open, null, "开一家网店")).isNull();
        }

        @Test
        void theAnswerIsTextAndTrimmed() {
            assertThat(Answer.of(spec, null, "  投资回报率 ").text()).isEqualTo("投资回报率");
            assertThatThrownBy(() -> Answer.of(spec, List.of(0), null)).hasMessageContaining("text");
            assertThatThrownBy(() -> Answer.of(spec, null, "答".repeat(501))).hasMessageContaining("500");
        }
    }

    @Test
    void aSpecRefusesWhatItCannotAsk() {
        assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.SINGLE, "p", List.of("a", " "), List.of(0), 30, 1))
                .hasMessageContaining("options");
        assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.SINGLE, "p", List.of("a", "b"), List.of(0), 30, -1))
                .hasMessageContaining("points");
        assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.MULTIPLE, "p", List.of("a", "b"), List.of(), 30, 1))
                .hasMessageContaining("correct");
        assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.SINGLE, "p", List.of("a", "b"), List.of(1.0), 30, 1))
                .hasMessageContaining("correct");
        assertThatThrownBy(() -> ExerciseSpec.of(ExerciseKind.TEXT, "p", null, List.of(""), 30, 1))
                .hasMessageContaining("correct");
        assertThatThrownBy(() -> ExerciseSpec.of(null, "p", null, null, 30, 1)).hasMessageContaining("kind");
    }
}
