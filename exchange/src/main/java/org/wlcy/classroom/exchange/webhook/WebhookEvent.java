package org.wlcy.classroom.exchange.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened, as told to endpoints. {@code id} is derived from the durable fact it
 * comes from (e.g. the class's trace index), so deriving it again after a crash gives the same id
 * and the outbox keeps it once. {@code institution}: the class's institution; only its endpoints
 * hear the event (empty when the class was never created through the enrolment API: nobody does).
 */
public record WebhookEvent(String id, WebhookEventType type, Instant occurredAt, String institution,
                           Map<String, Object> data) {
    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(institution, "institution (empty: unknown)");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data)); // nulls allowed
    }
}
