package org.wlcy.classroom.quiz;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an in-class exercise (随堂练习) asks for. Wire values are lower case. */
public enum ExerciseKind {
    /** One option is right; the trainee picks one. */
    SINGLE("single"),
    /** One or more options are right; the trainee picks one or more; scored all-or-nothing. */
    MULTIPLE("multiple"),
    /** True or false: two options ({@code ["对","错"]} unless given), one is right. */
    TRUEFALSE("truefalse"),
    /** A short free-text answer, scored against accepted answers when the lecturer gives some. */
    TEXT("text");

    private final String wire;

    ExerciseKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ExerciseKind fromWire(String value) {
        for (ExerciseKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be single, multiple, truefalse or text");
    }

    /** Answered by picking options (all kinds but {@link #TEXT}). */
    public boolean hasOptions() {
        return this != TEXT;
    }
}
