package org.wlcy.classroom.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Our id of one published stream (a Publisher). */
public record StreamId(String value) {
    @JsonCreator
    public StreamId {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("streamId must be 1-64 characters");
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
