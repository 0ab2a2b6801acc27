package org.wlcy.classroom.breakout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Our id of one breakout group (分组), unique within the class. The main room has none (null). */
public record GroupId(String value) {
    @JsonCreator
    public GroupId {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("groupId must be 1-64 characters");
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
