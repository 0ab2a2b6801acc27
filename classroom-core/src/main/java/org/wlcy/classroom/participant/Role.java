package org.wlcy.classroom.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a person may do. Wire values are lower case. */
public enum Role {
    /** Teaches: starts and ends lessons, publishes; two per class (Art. 7). */
    LECTURER,
    /** Learns: at most 30 per class (Art. 7). */
    TRAINEE,
    /** Training authority: reads, never writes; not counted in class limits. */
    REGULATOR,
    /** Operator of the platform: not counted in class limits. */
    ADMIN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("role missing");
        }
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "'");
    }

    /** Lecturers and trainees take a seat that the class limits count. */
    public boolean takesSeat() {
        return this == LECTURER || this == TRAINEE;
    }
}
