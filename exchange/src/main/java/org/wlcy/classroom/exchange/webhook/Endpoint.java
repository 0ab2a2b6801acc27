package org.wlcy.classroom.exchange.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered receiver: its URL, the events it takes, and the secret its deliveries are signed
 * with (shown once, when it is registered). Per institution: an endpoint hears only the events of
 * its institution's classes (the admin who registers it speaks for that institution; ADR 0023).
 */
public record Endpoint(String id, String url, Set<WebhookEventType> events, String institution, String secret,
                       Instant createdAt, String createdBy) {
    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean wants(WebhookEvent e) {
        return events.contains(e.type()) && !institution.isEmpty() && institution.equals(e.institution());
    }
}
