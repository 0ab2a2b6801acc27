package org.wlcy.classroom.quiz;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why an exercise closed. */
public enum CloseReason {
    /** Its time ran out (server time); the server closed it by itself. */
    DEADLINE("deadline"),
    /** A lecturer closed it early ({@code exercise.close}). */
    LECTURER("lecturer"),
    /** The lesson ended while it ran. */
    LESSON_ENDED("lesson-ended");

    private final String wire;

    CloseReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static CloseReason fromWire(String value) {
        for (CloseReason r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown close reason '" + value + "'");
    }
}
