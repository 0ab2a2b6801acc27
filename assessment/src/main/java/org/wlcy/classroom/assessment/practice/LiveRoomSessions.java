package org.wlcy.classroom.assessment.practice;

import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * Port: a trainee's practice live-room sessions in a class, as recorded (the gateway reads the
 * {@code commerce.session} events under the trainee from the trace store). May block: call from a
 * worker thread.
 */
@FunctionalInterface
public interface LiveRoomSessions {
    List<LiveRoomSession> of(ClassroomId classroom, UserId trainee);

    /** No live room anywhere (no sessions). */
    LiveRoomSessions NONE = (classroom, trainee) -> List.of();
}
