package org.wlcy.classroom.exchange.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event for one endpoint, and how its sending went. {@code seq} orders an endpoint's
 * deliveries; {@code id} (the idempotency key a receiver dedups on) is the same in every attempt,
 * restart and replay. {@code body} is fixed when it is enqueued.
 */
public record Delivery(String id, String endpointId, long seq, String eventId, WebhookEventType type, String body,
                       Status status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt,
                       int lastResponseCode, String lastError) {
    public enum Status {
        /** Waiting for its turn or its next attempt. */
        PENDING,
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** Given up after the policy's attempts (dead); the admin may replay it. */
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    public static Delivery enqueued(String id, String endpointId, long seq, WebhookEvent e, String body, Instant now) {
        return new Delivery(id, endpointId, seq, e.id(), e.type(), body, Status.PENDING, 0, now, now, null, 0, null);
    }

    public boolean dueAt(Instant now) {
        return status == Status.PENDING && !nextAttemptAt.isAfter(now);
    }

    public Delivery delivered(int code, Instant at) {
        return new Delivery(id, endpointId, seq, eventId, type, body, Status.DELIVERED, attempts + 1, createdAt, null,
                at, code, null);
    }

    /** A failed attempt: pending again at the policy's next time, or failed when it gives up. */
    public Delivery attemptFailed(int code, String error, Instant at, RetryPolicy policy) {
        int n = attempts + 1;
        var next = policy.next(n, at);
        return new Delivery(id, endpointId, seq, eventId, type, body, next.isPresent() ? Status.PENDING : Status.FAILED,
                n, createdAt, next.orElse(null), at, code, error);
    }

    /** The admin sends it again: pending now, its attempts counted afresh; the same id and body. */
    public Delivery replayed(Instant now) {
        return new Delivery(id, endpointId, seq, eventId, type, body, Status.PENDING, 0, createdAt, now, lastAttemptAt,
                lastResponseCode, lastError);
    }
}
