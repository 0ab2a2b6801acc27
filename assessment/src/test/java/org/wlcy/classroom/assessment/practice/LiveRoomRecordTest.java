package org.wlcy.classroom.assessment.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class LiveRoomRecordTest {
    private static final ClassroomId C = new ClassroomId("c-live");
    private static final UserId HOST = new UserId("t01");

    private static Map<String, Object> figures(String room, String started, String ended, long orders, long units,
                                               long turnoverFen) {
        Map<String, Object> d = new HashMap<>();
        d.put("roomId", room);
        d.put("startedAt", started);
        d.put("endedAt", ended);
        d.put("seconds", 600L);
        d.put("viewers", 12L);
        d.put("likes", 340L);
        d.put("orders", orders);
        d.put("units", units);
        d.put("turnoverFen", turnoverFen);
        d.put("buyers", 4L);
        d.put("conversionPermille", 333L);
        d.put("products", 3L);
        d.put("reason", "host-changed");
        return d;
    }

    private static TraceEvent event(String lesson, TraceKind kind, Map<String, Object> data) {
        return new TraceEvent(3, C, lesson, HOST, kind, Instant.parse("2026-12-07T08:30:00Z"), "srv/" + data.hashCode(),
                null, data);
    }

    @Test
    void aSessionIsReadFromItsTraceEventWithEveryFigure() {
        LiveRoomSession s = LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_SESSION,
                figures("cr-2", "2026-12-07T08:20:00Z", "2026-12-07T08:30:00Z", 5, 7, 23_930))).orElseThrow();

        assertThat(s.lessonId()).isEqualTo("cs-1");
        assertThat(s.roomId()).isEqualTo("cr-2");
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-12-07T08:20:00Z"));
        assertThat(s.endedAt()).isEqualTo(Instant.parse("2026-12-07T08:30:00Z"));
        assertThat(List.of(s.seconds(), s.viewers(), s.likes(), s.orders(), s.units(), s.turnoverFen(), s.buyers(),
                s.conversionPermille(), s.products())).containsExactly(600L, 12L, 340L, 5L, 7L, 23_930L, 4L, 333L, 3L);
        assertThat(s.reason()).isEqualTo("host-changed");
        assertThat(s.groupName()).as("the whole lesson's room").isEmpty();
    }

    @Test
    void aGroupRoomsSessionNamesItsGroup() {
        Map<String, Object> data = figures("cr-3", "2026-12-07T08:20:00Z", "2026-12-07T08:30:00Z", 1, 1, 100);
        data.put("groupId", "g-1");
        data.put("groupName", "甲组");
        assertThat(LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_SESSION, data)).orElseThrow().groupName())
                .isEqualTo("甲组");
    }

    @Test
    void otherEventsAndRecordsWithoutRoomOrTimesAreLeftOut() {
        Map<String, Object> noTimes = figures("cr-2", "yesterday", "2026-12-07T08:30:00Z", 1, 1, 100);
        Map<String, Object> noRoom = figures("cr-2", "2026-12-07T08:20:00Z", "2026-12-07T08:30:00Z", 1, 1, 100);
        noRoom.remove("roomId");

        assertThat(LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_ROOM_CLOSED,
                figures("cr-2", "2026-12-07T08:20:00Z", "2026-12-07T08:30:00Z", 1, 1, 100)))).isEmpty();
        assertThat(LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_SESSION, noTimes))).isEmpty();
        assertThat(LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_SESSION, noRoom))).isEmpty();
    }

    @Test
    void theRecordListsSessionsOldestFirstAndAddsUpWhatAddsUp() {
        LiveRoomSession later = LiveRoomSession.of(event("cs-2", TraceKind.COMMERCE_SESSION,
                figures("cr-5", "2026-12-08T08:20:00Z", "2026-12-08T08:30:00Z", 2, 3, 11_970))).orElseThrow();
        LiveRoomSession first = LiveRoomSession.of(event("cs-1", TraceKind.COMMERCE_SESSION,
                figures("cr-2", "2026-12-07T08:20:00Z", "2026-12-07T08:30:00Z", 5, 7, 23_930))).orElseThrow();

        LiveRoomRecord r = LiveRoomRecord.of(List.of(later, first));

        assertThat(r.sessions()).containsExactly(first, later);
        assertThat(List.of(r.seconds(), r.likes(), r.orders(), r.units(), r.turnoverFen()))
                .containsExactly(1200L, 680L, 7L, 10L, 35_900L);
        assertThat(LiveRoomRecord.of(List.of()).sessions()).isEmpty();
    }
}
