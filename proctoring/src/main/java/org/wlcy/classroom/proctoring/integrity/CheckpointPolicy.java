package org.wlcy.classroom.proctoring.integrity;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link TraceIntegrity} signs a checkpoint: as soon as {@code maxEvents} events are not yet
 * covered by one, and at the latest {@code maxDelay} after the first uncovered event arrived.
 */
public record CheckpointPolicy(int maxEvents, Duration maxDelay) {
    /** Every 1,000 events, or 60 s after new events. */
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(1000, Duration.ofSeconds(60));

    public CheckpointPolicy {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxEvents < 1 || maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxEvents and maxDelay must be positive");
        }
    }
}
