package org.wlcy.classroom.assessment.practice;

import java.util.Comparator;
import java.util.List;

/**
 * A trainee's practice live-room record in a class: every session as the host, oldest first, and
 * the sums that add up across sessions (time, likes, orders, units, turnover). Viewers, buyers and
 * conversion are per session only: the same classmates watch and buy in several sessions.
 */
public record LiveRoomRecord(List<LiveRoomSession> sessions, long seconds, long likes, long orders, long units,
                             long turnoverFen) {
    public LiveRoomRecord {
        sessions = List.copyOf(sessions);
    }

    public static LiveRoomRecord of(List<LiveRoomSession> recorded) {
        List<LiveRoomSession> sorted = recorded.stream()
                .sorted(Comparator.comparing(LiveRoomSession::startedAt).thenComparing(LiveRoomSession::roomId))
                .toList();
        long seconds = 0;
        long likes = 0;
        long orders = 0;
        long units = 0;
        long turnover = 0;
        for (LiveRoomSession s : sorted) {
            seconds += s.seconds();
            likes += s.likes();
            orders += s.orders();
            units += s.units();
            turnover += s.turnoverFen();
        }
        return new LiveRoomRecord(sorted, seconds, likes, orders, units, turnover);
    }
}
