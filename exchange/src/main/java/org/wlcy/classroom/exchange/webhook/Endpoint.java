package org.wlcy.classroom.exchange.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered receiver: its URL, the events it takes, and the secret its deliveries are signed
 * with (shown once, when it is registered). Global: every endpoint hears every institution's events
 * of its types (the platform of the province is the receiver; see ADR 0023).
 */
public record Endpoint(String id, String url, Set<WebhookEventType> events, String secret, Instant createdAt,
                       String createdBy) {
    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean wants(WebhookEventType type) {
        return events.contains(type);
    }
}
