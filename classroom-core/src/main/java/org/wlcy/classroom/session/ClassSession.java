package org.wlcy.classroom.session;

import java.time.Instant;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/** One lesson of a class: live from {@code startedAt} until {@code endedAt} is set. */
public record ClassSession(ClassSessionId id, ClassroomId classroomId, Instant startedAt, UserId startedBy,
                           Instant endedAt) {
    public ClassSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(startedBy, "startedBy");
    }

    public boolean isLive() {
        return endedAt == null;
    }

    public ClassSession endedAt(Instant when) {
        return new ClassSession(id, classroomId, startedAt, startedBy, when);
    }
}
