package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wlcy.classroom.proctoring.attendance.Traces.ALICE;
import static org.wlcy.classroom.proctoring.attendance.Traces.BOB;
import static org.wlcy.classroom.proctoring.attendance.Traces.t;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class PresenceTimelineTest {
    private static final AttendancePolicy POLICY = AttendancePolicy.defaults();
    private static final String S = "lesson-1";

    private static PresenceTimeline timeline(Traces traces) {
        return PresenceTimeline.of(ALICE, traces.events(), POLICY);
    }

    @Test
    void joinHeartbeatsAndLeftMakeOneInterval() {
        PresenceTimeline tl = timeline(new Traces().present(ALICE, S, t("01:00"), t("04:00")));

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("04:00")));
        assertThat(tl.presentMinutes()).isEqualTo(180);
        assertThat(tl.attentiveMinutes()).isEqualTo(180);
        assertThat(tl.firstArrival()).contains(t("01:00"));
        assertThat(tl.lastDeparture()).contains(t("04:00"));
        assertThat(tl.silenceCuts()).isZero();
    }

    @Test
    void aResumedConnectionIsAbsentOnlyWhileAway() {
        // Dropped at 01:30:00, the same page back at 01:30:20 (presence.resumed), left at 02:00.
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:30"))
                .add(ALICE, S, TraceKind.PRESENCE_SUSPENDED, t("01:30"), "participantId", "p1")
                .add(ALICE, S, TraceKind.PRESENCE_RESUMED, t("01:30", 20), "participantId", "p1", "awayMs", 20_000)
                .heartbeats(ALICE, S, t("01:30", 20), t("02:00"))
                .left(ALICE, S, t("02:00"), "p1");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("01:30")),
                new TimeInterval(t("01:30", 20), t("02:00")));
    }

    @Test
    void aSuspensionThatNeverResumesEndsAtTheDropNotAtTheEndOfTheWait() {
        // Dropped at 01:30, the server gives up at 01:30:30 (presence.left), the trainee joins anew at 01:45.
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:30"))
                .add(ALICE, S, TraceKind.PRESENCE_SUSPENDED, t("01:30"), "participantId", "p1")
                .left(ALICE, S, t("01:30", 30), "p1")
                .joined(ALICE, S, t("01:45"), "p2").heartbeats(ALICE, S, t("01:45"), t("02:00"))
                .left(ALICE, S, t("02:00"), "p2");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("01:30")),
                new TimeInterval(t("01:45"), t("02:00")));
    }

    @Test
    void aDroppedConnectionWithoutLeftEndsAtItsLastHeartbeat() {
        // Joined 01:00, heartbeats until 02:00, then nothing: no presence.left ever arrives.
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("02:00"));
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("02:00")));
        assertThat(tl.lastDeparture()).contains(t("02:00"));
    }

    @Test
    void aLateLeftAfterLongSilenceDoesNotCountTheSilence() {
        // The server notices the dead connection only at 02:30 and then records presence.left.
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("02:00"))
                .left(ALICE, S, t("02:30"), "p1");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("02:00")));
        assertThat(tl.silenceCuts()).isEqualTo(1);
    }

    @Test
    void silenceUpToTheTimeoutIsBridgedAndLongerSilenceIsCutThenResumed() {
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1")
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:01", 30), "visible", true) // 90 s: bridged
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:03", 1), "visible", true)  // 91 s: cut at 01:01:30
                .heartbeats(ALICE, S, t("01:03", 1), t("01:10", 1))
                .left(ALICE, S, t("01:10", 1), "p1");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(
                new TimeInterval(t("01:00"), t("01:01", 30)),
                new TimeInterval(t("01:03", 1), t("01:10", 1)));
        assertThat(tl.silenceCuts()).isEqualTo(1);
        assertThat(tl.presentTime()).isEqualTo(Duration.ofSeconds(90 + 420));
    }

    @Test
    void reconnectsAreSeparateIntervalsAndTheGapIsNotPresent() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("01:40")).present(ALICE, S, t("01:55"), t("04:00"));
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).hasSize(2);
        assertThat(tl.presentMinutes()).isEqualTo(40 + 125);
    }

    @Test
    void hiddenTimeIsPresentButNotAttentive() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("04:00")).hidden(ALICE, S, t("02:00"), t("02:25"));
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presentMinutes()).isEqualTo(180);
        assertThat(tl.hiddenIntervals()).containsExactly(new TimeInterval(t("02:00"), t("02:25")));
        assertThat(tl.attentiveMinutes()).isEqualTo(155);
        assertThat(tl.countedMinutes()).isEqualTo(155);
        assertThat(tl.attentiveIntervals()).containsExactly(
                new TimeInterval(t("01:00"), t("02:00")), new TimeInterval(t("02:25"), t("04:00")));
    }

    @Test
    void hiddenTimeCountsWhenThePolicySaysSo() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("04:00")).hidden(ALICE, S, t("02:00"), t("02:25"));
        PresenceTimeline tl = PresenceTimeline.of(ALICE, traces.events(), POLICY.withHiddenTimeCounts(true));

        assertThat(tl.attentiveMinutes()).isEqualTo(155);
        assertThat(tl.countedMinutes()).isEqualTo(180);
    }

    @Test
    void aPageHiddenUntilItLeavesIsHiddenToTheEnd() {
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:50"))
                .add(ALICE, S, TraceKind.VISIBILITY_HIDDEN, t("01:50"))
                .heartbeats(ALICE, S, t("01:50"), t("02:00"), false)
                .left(ALICE, S, t("02:00"), "p1");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.hiddenIntervals()).containsExactly(new TimeInterval(t("01:50"), t("02:00")));
        assertThat(tl.attentiveMinutes()).isEqualTo(50);
    }

    @Test
    void aHeartbeatReportingInvisibleStartsHiddenTimeWhenTheHiddenEventWasLost() {
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1")
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:00", 30), "visible", true)
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:01"), "visible", false)
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:01", 30), "visible", false)
                .add(ALICE, S, TraceKind.HEARTBEAT, t("01:02"), "visible", true)
                .left(ALICE, S, t("01:03"), "p1");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.hiddenIntervals()).containsExactly(new TimeInterval(t("01:01"), t("01:02")));
    }

    @Test
    void aVisibleEventWithoutItsHiddenStartIsBackDatedByHiddenMsButNotBeforeThePresence() {
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:20"))
                .add(ALICE, S, TraceKind.VISIBILITY_VISIBLE, t("01:20"), "hiddenMs", 300_000L)
                .add(ALICE, S, TraceKind.VISIBILITY_VISIBLE, t("01:20", 10), "hiddenMs", 99_999_000L)
                .left(ALICE, S, t("01:30"), "p1");
        PresenceTimeline tl = timeline(traces);

        // 01:15-01:20 from the first; the second claims 27 hours, clipped to the presence's start.
        assertThat(tl.hiddenIntervals()).containsExactly(new TimeInterval(t("01:00"), t("01:20", 10)));
    }

    @Test
    void aHiddenSpanDeliveredInOneLateBatchKeepsTheClientsLength() {
        // Both focus events reach the server in one batch at 01:30, the page says it was hidden 10 min.
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:40"))
                .add(ALICE, S, TraceKind.VISIBILITY_HIDDEN, t("01:30"))
                .add(ALICE, S, TraceKind.VISIBILITY_VISIBLE, t("01:30"), "hiddenMs", 600_000L)
                .left(ALICE, S, t("01:40"), "p1");

        assertThat(timeline(traces).hiddenIntervals()).containsExactly(new TimeInterval(t("01:20"), t("01:30")));
        assertThat(timeline(traces).attentiveMinutes()).isEqualTo(30);
    }

    @Test
    void aShorterClientDurationNeverShortensTheRecordedSpan() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("02:00"));
        traces.add(ALICE, S, TraceKind.VISIBILITY_HIDDEN, t("01:10"))
                .add(ALICE, S, TraceKind.VISIBILITY_VISIBLE, t("01:10", 1), "hiddenMs", 1L);
        // the heartbeats (visible=true) would close it anyway; here the visible event closes it first
        assertThat(timeline(traces).hiddenIntervals()).containsExactly(new TimeInterval(t("01:10"), t("01:10", 1)));
    }

    @Test
    void blurredTimeCountsByDefaultButNotWhenSwitchedOff() {
        Traces traces = new Traces().present(ALICE, S, t("01:00"), t("02:00"));
        traces.add(ALICE, S, TraceKind.WINDOW_BLUR, t("01:10")).add(ALICE, S, TraceKind.WINDOW_FOCUS, t("01:20"),
                "blurredMs", 600_000L);

        assertThat(timeline(traces).blurredIntervals()).containsExactly(new TimeInterval(t("01:10"), t("01:20")));
        assertThat(timeline(traces).countedMinutes()).isEqualTo(60);
        assertThat(PresenceTimeline.of(ALICE, traces.events(), POLICY.withBlurredTimeCounts(false)).countedMinutes())
                .isEqualTo(50);
    }

    @Test
    void aSecondPageReplacingTheFirstKeepsThePresenceUnbroken() {
        Traces traces = new Traces().joined(ALICE, S, t("01:00"), "p1").heartbeats(ALICE, S, t("01:00"), t("01:30"))
                .joined(ALICE, S, t("01:30"), "p2")
                .add(ALICE, S, TraceKind.LEFT, t("01:30"), "participantId", "p1", "reason", "duplicate_identity")
                .heartbeats(ALICE, S, t("01:30"), t("02:00"))
                .left(ALICE, S, t("02:00"), "p2");
        PresenceTimeline tl = timeline(traces);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("02:00")));
    }

    @Test
    void serverTimeDecidesAndClientTimeIsIgnored() {
        Instant wrongClock = Instant.parse("2001-01-01T00:00:00Z");
        List<TraceEvent> events = List.of(
                new TraceEvent(0, Traces.CLASS, S, ALICE, TraceKind.JOINED, t("01:00"), "srv/0", wrongClock, null),
                new TraceEvent(2, Traces.CLASS, S, ALICE, TraceKind.LEFT, t("01:01"), "srv/2", wrongClock, null),
                // out of log order: sorted by server time
                new TraceEvent(1, Traces.CLASS, S, ALICE, TraceKind.HEARTBEAT, t("01:00", 30), "alice/1",
                        wrongClock.plusSeconds(999_999), null));
        PresenceTimeline tl = PresenceTimeline.of(ALICE, events, POLICY);

        assertThat(tl.presenceIntervals()).containsExactly(new TimeInterval(t("01:00"), t("01:01")));
    }

    @Test
    void otherTraineesEventsAreIgnored() {
        Traces traces = new Traces().present(BOB, S, t("01:00"), t("04:00")).present(ALICE, S, t("02:00"), t("02:10"));

        assertThat(timeline(traces).presentMinutes()).isEqualTo(10);
    }

    @Test
    void aHeartbeatWithoutAJoinOpensAPresence() {
        Traces traces = new Traces().heartbeats(ALICE, S, t("01:00"), t("01:10"));

        assertThat(timeline(traces).presenceIntervals())
                .containsExactly(new TimeInterval(t("01:00", 30), t("01:10")));
    }

    @Test
    void withinClipsToTheLessonWindow() {
        Traces traces = new Traces().present(ALICE, S, t("00:50"), t("04:20")).hidden(ALICE, S, t("00:55"), t("01:05"));
        PresenceTimeline tl = timeline(traces).within(t("01:00"), t("04:00"));

        assertThat(tl.presentMinutes()).isEqualTo(180);
        assertThat(tl.hiddenTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(tl.firstArrival()).contains(t("01:00"));
        assertThat(tl.lastDeparture()).contains(t("04:00"));
    }

    @Test
    void watchingAReplayIsNotPresenceInTheLiveLesson() {
        Traces traces = new Traces();
        for (int s = 0; s < 600; s += 30) {
            traces.add(ALICE, "replay-of-lesson-0", TraceKind.PLAYBACK_PROGRESS, t("01:00", s), "positionMs", 1000L * s);
        }

        assertThat(timeline(traces).presenceIntervals()).isEmpty();
    }

    @Test
    void noEventsNoPresence() {
        PresenceTimeline tl = timeline(new Traces());

        assertThat(tl.presenceIntervals()).isEmpty();
        assertThat(tl.firstArrival()).isEmpty();
        assertThat(tl.presentMinutes()).isZero();
    }
}
