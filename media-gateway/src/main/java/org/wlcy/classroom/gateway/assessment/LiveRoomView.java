package org.wlcy.classroom.gateway.assessment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.assessment.practice.LiveRoomRecord;
import org.wlcy.classroom.assessment.practice.LiveRoomSession;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * Issue I: the JSON of {@code GET /api/classes/{id}/practice/live-room} (docs/protocol.md, "Result
 * assessment"): a trainee's practice live-room sessions as the host, with the figures as the trace
 * holds them (money in fen, conversion in permille).
 */
final class LiveRoomView {
    private LiveRoomView() {
    }

    static Map<String, Object> of(ClassroomId c, UserId trainee, LiveRoomRecord r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", c.value());
        body.put("trainee", trainee.value());
        List<Map<String, Object>> sessions = r.sessions().stream().map(LiveRoomView::session).toList();
        body.put("sessions", sessions);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("sessions", sessions.size());
        total.put("seconds", r.seconds());
        total.put("likes", r.likes());
        total.put("orders", r.orders());
        total.put("units", r.units());
        total.put("turnoverFen", r.turnoverFen());
        body.put("total", total);
        return body;
    }

    private static Map<String, Object> session(LiveRoomSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lessonId", s.lessonId());
        m.put("roomId", s.roomId());
        m.put("startedAt", s.startedAt().toString());
        m.put("endedAt", s.endedAt().toString());
        m.put("seconds", s.seconds());
        m.put("viewers", s.viewers());
        m.put("likes", s.likes());
        m.put("orders", s.orders());
        m.put("units", s.units());
        m.put("turnoverFen", s.turnoverFen());
        m.put("buyers", s.buyers());
        m.put("conversionPermille", s.conversionPermille());
        m.put("products", s.products());
        m.put("reason", s.reason());
        return m;
    }
}
