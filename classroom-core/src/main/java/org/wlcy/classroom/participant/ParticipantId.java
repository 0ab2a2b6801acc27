package org.wlcy.classroom.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One presence of a user in a class: new on every join (LiveKit's ParticipantID). */
public record ParticipantId(String value) {
    @JsonCreator
    public ParticipantId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("participantId must not be blank");
        }
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
