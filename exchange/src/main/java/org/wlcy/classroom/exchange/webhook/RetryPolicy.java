package org.wlcy.classroom.exchange.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again: exponential backoff from {@code base} (doubling per failed attempt)
 * capped at {@code cap}, with jitter (each delay is drawn in [½, 1] of its step, so endpoints that
 * failed together do not retry together); after {@code maxAttempts} failed attempts it is given up
 * ("failed"). Pure: the caller passes the time and the random source.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts, DoubleSupplier random) {
    public RetryPolicy {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("base > 0, cap >= base, maxAttempts >= 1");
        }
    }

    /** The full delay of the step after {@code failedAttempts} failures, before jitter. */
    public Duration step(int failedAttempts) {
        int shift = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long millis = base.toMillis();
        long stepped = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(stepped, cap.toMillis()));
    }

    /** The time of the next attempt after {@code failedAttempts} failures at {@code now}; empty: give up. */
    public Optional<Instant> next(int failedAttempts, Instant now) {
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        long step = step(failedAttempts).toMillis();
        double r = Math.min(Math.max(random.getAsDouble(), 0), 1);
        return Optional.of(now.plusMillis(step / 2 + Math.round(step / 2.0 * r)));
    }
}
