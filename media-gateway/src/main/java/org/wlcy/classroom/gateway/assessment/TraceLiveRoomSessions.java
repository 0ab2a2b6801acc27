package org.wlcy.classroom.gateway.assessment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wlcy.classroom.assessment.practice.LiveRoomSession;
import org.wlcy.classroom.assessment.practice.LiveRoomSessions;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Issue I: the practice live-room sessions of a trainee, read from the trace store (the
 * {@code commerce.session} events under the trainee, in the class's log). Blocking.
 */
final class TraceLiveRoomSessions implements LiveRoomSessions {
    private final TraceStore store;

    TraceLiveRoomSessions(TraceStore store) {
        this.store = store;
    }

    @Override
    public List<LiveRoomSession> of(ClassroomId classroom, UserId trainee) {
        return store.readByUser(classroom, trainee, Instant.MIN, Instant.MAX).stream()
                .filter(e -> e.kind() == TraceKind.COMMERCE_SESSION)
                .map(LiveRoomSession::of).flatMap(Optional::stream).toList();
    }
}
