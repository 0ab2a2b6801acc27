package org.wlcy.classroom.participant;

import java.time.Instant;
import java.util.Objects;

/** One presence in a class, as the protocol shows it. */
public record Participant(ParticipantId participantId, UserId userId, String displayName, Role role,
                          Instant joinedAt) {
    public Participant {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }
}
