package org.wlcy.classroom.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Our id of one subscription (a Subscriber) of one participant. */
public record SubscriptionId(String value) {
    @JsonCreator
    public SubscriptionId {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("subscriptionId must be 1-64 characters");
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
