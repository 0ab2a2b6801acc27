package org.wlcy.classroom.proctoring.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The regulator's class report counts what trainees learned from the class's videos (on-demand
 * lessons and replays) by the watch rules' own decisions: credited minutes that count, and videos
 * completed, in the range asked for.
 */
class VideoLearningReportTest {
    private static final ClassroomId CLASS = new ClassroomId("c-video");
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private final List<TraceEvent> events = new ArrayList<>();

    private void add(String user, TraceKind kind, Instant at, Object... keyValues) {
        Map<String, Object> data = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        events.add(new TraceEvent(events.size(), CLASS, null, new UserId(user), kind, at, "srv/" + events.size(),
                null, data));
    }

    private void credited(String user, Instant at, long ms, boolean counts) {
        add(user, TraceKind.PLAYBACK_PROGRESS, at, "decision", "credited", "creditedMs", ms, "counts", counts,
                "videoId", "v1", "videoKind", counts ? "on-demand" : "replay");
    }

    @Test
    void creditedMinutesThatCountAndCompletedVideosInTheRange() {
        Instant day = Instant.parse("2026-11-29T08:00:00Z");
        add("t01", TraceKind.JOINED, day, "participantId", "p1", "role", "trainee", "name", "王芳");
        credited("t01", day.plusSeconds(60), 120_000, true);
        credited("t01", day.plusSeconds(180), 120_000, true);
        credited("t01", day.plusSeconds(300), 90_000, true);
        credited("t01", day.plusSeconds(400), 300_000, false); // a replay that does not count
        add("t01", TraceKind.PLAYBACK_PROGRESS, day.plusSeconds(420), "decision", "no-credit", "reason", "hidden",
                "counts", true, "videoId", "v1");
        add("t01", TraceKind.PLAYBACK_PROGRESS, day.plusSeconds(430), "decision", "completed", "counts", true,
                "videoId", "v1");
        add("t01", TraceKind.PLAYBACK_PROGRESS, day.plusSeconds(440), "decision", "completed", "counts", true,
                "videoId", "v1"); // the same video again: one completed video
        credited("t01", Instant.parse("2026-12-02T08:00:00Z"), 600_000, true); // outside the range
        credited("t02", day, 180_000, true); // watched, never joined a live lesson

        ClassReport report = ClassReports.build(CLASS, events, FROM, TO, TO, AttendancePolicy.defaults());

        ClassReport.TraineeReport t01 = report.trainees().stream().filter(t -> t.userId().value().equals("t01"))
                .findFirst().orElseThrow();
        assertThat(t01.videoMinutes()).as("5.5 min credited that count, whole minutes").isEqualTo(5);
        assertThat(t01.videosCompleted()).isEqualTo(1);
        assertThat(report.trainees()).extracting(t -> t.userId().value()).containsExactly("t01", "t02");
        assertThat(report.trainees().get(1).videoMinutes()).isEqualTo(3);
    }
}
