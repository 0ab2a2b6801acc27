package org.wlcy.classroom.exchange.partner;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a partner's key lets it do. Wire names are stable ({@code "classes:read"}); a partner's
 * registration lists the ones it has, and each {@code /api/v1} endpoint needs exactly one.
 */
public enum Scope {
    /** Classes, their plan (days, class hours, online share) and the class-opening application's state. */
    CLASSES_READ("classes:read"),
    /** A class's roster: names, masked identity and mobile numbers. */
    ROSTER_READ("roster:read"),
    /** Per-trainee attendance: class hours credited online and offline, and the Art. 7(5) eligibility. */
    ATTENDANCE_READ("attendance:read"),
    /** Per-trainee results: the practical-result score, the business plan, passed or not. */
    RESULTS_READ("results:read"),
    /** The class's e-certificates (number, status, class hours). */
    CERTIFICATES_READ("certificates:read"),
    /** Managing the partner's own webhook subscriptions (used by the webhook endpoints). */
    WEBHOOKS_MANAGE("webhooks:manage");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Scope> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(s)).findFirst();
    }
}
