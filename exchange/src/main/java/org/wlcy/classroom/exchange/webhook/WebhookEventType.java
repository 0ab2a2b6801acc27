package org.wlcy.classroom.exchange.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a training-management platform can subscribe to (docs/protocol.md "Webhooks"). */
public enum WebhookEventType {
    CLASS_APPROVED("class.approved"),
    LESSON_STARTED("lesson.started"),
    LESSON_ENDED("lesson.ended"),
    /** A lesson's attendance is closed: it ended, so no more sign-in, leave or presence counts for it. */
    ATTENDANCE_FINAL("attendance.final"),
    /** A trainee's eligibility for the assessment (by attendance) was judged, when a certificate decision is made. */
    ELIGIBILITY("eligibility.judged"),
    SCORE_PUBLISHED("score.published"),
    CERTIFICATE_ISSUED("certificate.issued");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookEventType> fromWire(String s) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(s)).findFirst();
    }
}
