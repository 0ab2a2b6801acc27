package org.wlcy.classroom.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who a person is, stable across joins (the token's {@code sub}). */
public record UserId(String value) {
    @JsonCreator
    public UserId {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("userId must be 1-128 characters");
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
