package org.wlcy.classroom.qa;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a question stands. Wire values are lower case. */
public enum QuestionState {
    /** Asked, not taken up yet. */
    OPEN("open"),
    /** A lecturer is answering it (live, by voice or in the answer field). */
    ANSWERING("answering"),
    /** Answered. */
    ANSWERED("answered");

    private final String wire;

    QuestionState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static QuestionState fromWire(String value) {
        for (QuestionState s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be open, answering or answered");
    }
}
