package org.wlcy.classroom.playback.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** The watch rules on a 100 s video with 5 s heartbeats and a 150 % rate cap. */
class WatchProgressTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final double DURATION = 100;
    private final WatchRules rules = new WatchRules(150, false, 90, 5, true);
    private final WatchProgress p = new WatchProgress(rules);
    private long seq;
    private List<VideoQuestion> questions = List.of();

    private HeartbeatResult beat(double atS, double position, double rate, boolean visible, HeartbeatEvent event) {
        return beat(atS, position, null, rate, visible, event);
    }

    private HeartbeatResult beat(double atS, double position, Double from, double rate, boolean visible,
                                 HeartbeatEvent event) {
        boolean playing = event != HeartbeatEvent.PAUSE && event != HeartbeatEvent.ENDED;
        return p.heartbeat(new Heartbeat(++seq, position, from, rate, playing, visible, event),
                T0.plusMillis(Math.round(atS * 1000)), DURATION, questions);
    }

    private HeartbeatResult tick(double atS, double position) {
        return beat(atS, position, 1, true, HeartbeatEvent.TICK);
    }

    @Test
    void normalPlaybackIsCreditedSpanBySpan() {
        assertThat(beat(0, 0, 1, true, HeartbeatEvent.PLAY).creditedS()).as("the first heartbeat starts").isZero();
        HeartbeatResult r = tick(5, 5);
        assertThat(r.creditedS()).isCloseTo(5, within(1e-9));
        assertThat(r.noCredit()).isNull();
        assertThat(r.decisions()).extracting(WatchDecision::what).containsExactly("credited");
        r = tick(10, 10);
        assertThat(r.coverage()).isCloseTo(0.10, within(1e-9));
        assertThat(r.furthestS()).isCloseTo(10, within(1e-9));
        assertThat(r.allowedMaxPosition()).isCloseTo(10, within(1e-9));
        assertThat(r.completed()).isFalse();
    }

    @Test
    void playingAtTheCapIsCreditedAndFasterIsNot() {
        beat(0, 0, 1.5, true, HeartbeatEvent.PLAY);
        assertThat(beat(5, 7.5, 1.5, true, HeartbeatEvent.TICK).creditedS()).isCloseTo(7.5, within(1e-9));
        HeartbeatResult over = beat(10, 17.5, 2, true, HeartbeatEvent.TICK);
        assertThat(over.creditedS()).isZero();
        assertThat(over.noCredit()).isEqualTo(NoCreditReason.RATE_OVER_CAP);
    }

    @Test
    void mediaAdvancingFasterThanTheWallClockAllowsIsNotCreditedAndSnapsBack() {
        tick(0, 0);
        HeartbeatResult r = tick(5, 20);
        assertThat(r.creditedS()).isZero();
        assertThat(r.noCredit()).isEqualTo(NoCreditReason.TOO_FAST);
        assertThat(r.refused()).as("a jump past the furthest point is a seek ahead").isEqualTo("seek-ahead");
        assertThat(r.allowedMaxPosition()).isZero();
        assertThat(r.decisions()).extracting(WatchDecision::what).containsExactly("no-credit", "seek-refused");
        assertThat(r.decisions().get(0).data()).containsEntry("reason", "too-fast");
    }

    @Test
    void aHiddenTabEarnsNothing() {
        tick(0, 0);
        HeartbeatResult r = beat(5, 5, 1, false, HeartbeatEvent.TICK);
        assertThat(r.creditedS()).isZero();
        assertThat(r.noCredit()).isEqualTo(NoCreditReason.HIDDEN);
        assertThat(r.refused()).as("plausible playback moves the furthest point on").isNull();
        assertThat(r.furthestS()).isCloseTo(5, within(1e-9));
        assertThat(beat(10, 10, 1, true, HeartbeatEvent.TICK).creditedS())
                .as("hidden at the start of the span counts too").isZero();
        assertThat(tick(15, 15).creditedS()).isCloseTo(5, within(1e-9));
    }

    @Test
    void missingHeartbeatsEarnNothingForTheGap() {
        tick(0, 0);
        HeartbeatResult r = tick(11, 11);
        assertThat(r.creditedS()).isZero();
        assertThat(r.noCredit()).isEqualTo(NoCreditReason.GAP);
        assertThat(r.decisions().get(0).data()).containsEntry("gapMs", 11_000L);
        assertThat(tick(20, 10).creditedS()).as("the position went back: nothing to credit").isZero();
        assertThat(tick(30, 20).creditedS()).as("10 s apart = exactly twice the heartbeat is fine")
                .isCloseTo(10, within(1e-9));
    }

    @Test
    void pausedTimeEarnsNothingAndOldHeartbeatsAreIgnored() {
        tick(0, 0);
        tick(5, 5);
        beat(6, 6, 1, true, HeartbeatEvent.PAUSE);
        HeartbeatResult r = tick(11, 6);
        assertThat(r.creditedS()).isZero();
        assertThat(r.noCredit()).isNull();
        HeartbeatResult old = p.heartbeat(new Heartbeat(2, 50, null, 1, true, true, HeartbeatEvent.TICK),
                T0.plusSeconds(12), DURATION, questions);
        assertThat(old.ignored()).isTrue();
        assertThat(old.decisions()).isEmpty();
    }

    @Test
    void seekingAheadIsRefusedWithTheAllowedPositionAndSeekingBackIsFine() {
        tick(0, 0);
        tick(5, 5);
        HeartbeatResult r = beat(6, 60, 6.0, 1, true, HeartbeatEvent.SEEK);
        assertThat(r.refused()).isEqualTo("seek-ahead");
        assertThat(r.creditedS()).as("the second before the seek still counts").isCloseTo(1, within(1e-9));
        assertThat(r.allowedMaxPosition()).isCloseTo(6, within(1e-9));
        assertThat(r.decisions()).extracting(WatchDecision::what).containsExactly("credited", "seek-refused");
        HeartbeatResult back = beat(7, 2, 6.0, 1, true, HeartbeatEvent.SEEK);
        assertThat(back.refused()).isNull();
        assertThat(tick(12, 7).creditedS()).as("re-watching earns no new seconds").isCloseTo(1, within(1e-9));
    }

    @Test
    void seekingAheadIsAllowedWhenTheRulesSaySo() {
        WatchProgress free = new WatchProgress(new WatchRules(150, true, 90, 5, true));
        free.heartbeat(new Heartbeat(1, 0, null, 1, true, true, HeartbeatEvent.PLAY), T0, DURATION, List.of());
        HeartbeatResult r = free.heartbeat(new Heartbeat(2, 80, 1.0, 1, true, true, HeartbeatEvent.SEEK),
                T0.plusSeconds(1), DURATION, List.of());
        assertThat(r.refused()).isNull();
        assertThat(r.allowedMaxPosition()).isNull();
        r = free.heartbeat(new Heartbeat(3, 85, null, 1, true, true, HeartbeatEvent.TICK), T0.plusSeconds(6),
                DURATION, List.of());
        assertThat(r.creditedS()).isCloseTo(5, within(1e-9));
        assertThat(free.spans()).hasSize(2);
    }

    @Test
    void completionNeedsTheThresholdOfCreditedCoverage() {
        tick(0, 0);
        HeartbeatResult r = null;
        for (int s = 5; s <= 85; s += 5) {
            r = tick(s, s);
        }
        assertThat(r.coverage()).isCloseTo(0.85, within(1e-9));
        assertThat(r.completed()).isFalse();
        r = tick(90, 90);
        assertThat(r.completed()).isTrue();
        assertThat(r.decisions()).extracting(WatchDecision::what).containsExactly("credited", "completed");
        assertThat(tick(95, 95).decisions()).extracting(WatchDecision::what).as("completed once")
                .containsExactly("credited");
    }

    @Test
    void aQuestionOpensWhenReachedAndCreditStopsThereUntilAnswered() {
        questions = List.of(question("q1", 4, 30), question("q2", 50, 30));
        tick(0, 0);
        HeartbeatResult r = tick(5, 5);
        assertThat(r.due()).isNotNull();
        assertThat(r.due().id()).isEqualTo("q1");
        assertThat(r.dueDeadline()).isEqualTo(T0.plusSeconds(35));
        assertThat(r.creditedS()).as("credit up to the question only").isCloseTo(4, within(1e-9));
        assertThat(r.noCredit()).isEqualTo(NoCreditReason.QUESTION_DUE);
        assertThat(r.decisions()).extracting(WatchDecision::what)
                .containsExactly("credited", "no-credit", "question-opened");
        assertThat(r.allowedMaxPosition()).isCloseTo(4, within(1e-9));

        AnswerResult a = p.answer(questions.get(0), List.of(1), T0.plusSeconds(10), questions);
        assertThat(a.right()).isTrue();
        assertThat(a.rewindTo()).isNull();
        assertThat(a.decisions().get(0).what()).isEqualTo("question-right");
        assertThat(beat(11, 4, 1, true, HeartbeatEvent.PLAY).due()).isNull();
        assertThat(tick(16, 9).creditedS()).isCloseTo(5, within(1e-9));
        assertThatThrownBy(() -> p.answer(questions.get(0), List.of(1), T0.plusSeconds(17), questions))
                .isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_ANSWERED));
        assertThatThrownBy(() -> p.answer(questions.get(1), List.of(1), T0.plusSeconds(17), questions))
                .as("not reached yet").isInstanceOfSatisfying(ClassroomException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VIDEO_QUESTION_NOT_DUE));
    }

    @Test
    void aWrongAnswerRewindsToTheSegmentStartAndTheQuestionOpensAgain() {
        questions = List.of(question("q1", 4, 30), question("q2", 12, 30));
        tick(0, 0);
        tick(5, 5);
        p.answer(questions.get(0), List.of(1), T0.plusSeconds(6), questions);
        beat(7, 4, 1, true, HeartbeatEvent.PLAY);
        tick(12, 9);
        HeartbeatResult r = tick(16, 13);
        assertThat(r.due().id()).isEqualTo("q2");
        AnswerResult wrong = p.answer(questions.get(1), List.of(0), T0.plusSeconds(20), questions);
        assertThat(wrong.right()).isFalse();
        assertThat(wrong.late()).isFalse();
        assertThat(wrong.rewindTo()).as("back to the previous question's time").isCloseTo(4, within(1e-9));
        assertThat(wrong.allowedMaxPosition()).as("the allowed position is lowered").isCloseTo(4, within(1e-9));
        assertThat(wrong.decisions().get(0).data()).containsEntry("rewindToMs", 4000L).containsEntry("choices", "0");
        assertThat(beat(21, 10, 4.0, 1, true, HeartbeatEvent.SEEK).refused()).isEqualTo("seek-ahead");
        beat(22, 4, 4.0, 1, true, HeartbeatEvent.PLAY);
        tick(27, 9);
        HeartbeatResult again = tick(32, 13);
        assertThat(again.due().id()).as("reached again: open again").isEqualTo("q2");
        assertThat(again.dueDeadline()).isEqualTo(T0.plusSeconds(32 + 30));
    }

    @Test
    void anAnswerAfterTheDeadlineIsLateAndRewindsWithoutTheRule() {
        questions = List.of(question("q1", 4, 10));
        tick(0, 0);
        tick(5, 5);
        AnswerResult late = p.answer(questions.get(0), List.of(1), T0.plusSeconds(16), questions);
        assertThat(late.late()).isTrue();
        assertThat(late.right()).as("even the right choice is refused when late").isFalse();
        assertThat(late.rewindTo()).isZero();
        assertThat(late.decisions().get(0).what()).isEqualTo("question-late");
        assertThat(late.decisions().get(0).data()).containsEntry("lateMs", 1000L);

        WatchProgress noRewind = new WatchProgress(new WatchRules(150, false, 90, 5, false));
        noRewind.heartbeat(new Heartbeat(1, 0, null, 1, true, true, HeartbeatEvent.TICK), T0, DURATION, questions);
        noRewind.heartbeat(new Heartbeat(2, 5, null, 1, true, true, HeartbeatEvent.TICK), T0.plusSeconds(5), DURATION,
                questions);
        AnswerResult l2 = noRewind.answer(questions.get(0), List.of(1), T0.plusSeconds(16), questions);
        assertThat(l2.late()).isTrue();
        assertThat(l2.rewindTo()).isNull();
        HeartbeatResult on = noRewind.heartbeat(new Heartbeat(3, 5, null, 1, true, true, HeartbeatEvent.PLAY),
                T0.plusSeconds(17), DURATION, questions);
        assertThat(on.due()).as("missed and not rewound: playback goes on").isNull();
        assertThat(noRewind.heartbeat(new Heartbeat(4, 10, null, 1, true, true, HeartbeatEvent.TICK),
                T0.plusSeconds(22), DURATION, questions).creditedS()).isCloseTo(5, within(1e-9));
    }

    @Test
    void progressSurvivesASnapshot() {
        questions = List.of(question("q1", 4, 30));
        tick(0, 0);
        tick(5, 5);
        WatchProgress copy = WatchProgress.restore(rules, p.snapshot());
        assertThat(copy.spans()).isEqualTo(p.spans());
        assertThat(copy.questionMarks()).isEqualTo(p.questionMarks());
        assertThat(copy.allowedMaxPosition()).isEqualTo(p.allowedMaxPosition());
    }

    private static VideoQuestion question(String id, double atS, int limit) {
        return new VideoQuestion(id, atS, "开网店需要？", List.of("出国签证", "营业执照"), List.of(1), limit);
    }
}
