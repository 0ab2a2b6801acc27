package org.wlcy.classroom.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A token bucket per key (user): {@code perMinute} tokens a minute, at most {@code burst} saved
 * up. Kept as the generic cell rate algorithm (one "theoretical arrival time" per key, exact in
 * nanoseconds), which admits exactly what a token bucket of that rate and depth admits. Time comes
 * from the caller (the injected clock). Not thread-safe: one per class, used on its lane.
 */
public final class RateLimiter<K> {
    private final Rate rate;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final Map<K, Instant> theoreticalArrival = new HashMap<>();

    /** A rate: {@code perMinute} on average, {@code burst} in a row. */
    public record Rate(int perMinute, int burst) {
        public Rate {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("perMinute and burst must be at least 1");
            }
        }
    }

    public RateLimiter(Rate rate) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.intervalNanos = 60_000_000_000L / rate.perMinute();
        this.toleranceNanos = intervalNanos * (rate.burst() - 1);
    }

    public Rate rate() {
        return rate;
    }

    /**
     * Takes one token for {@code key} at {@code now}: {@link Duration#ZERO} if granted, else how
     * long until one is (nothing is taken then).
     */
    public Duration acquire(K key, Instant now) {
        Instant tat = theoreticalArrival.get(key);
        if (tat == null || tat.isBefore(now)) {
            tat = now;
        }
        Instant allowedAt = tat.minusNanos(toleranceNanos);
        if (allowedAt.isAfter(now)) {
            return Duration.between(now, allowedAt);
        }
        theoreticalArrival.put(key, tat.plusNanos(intervalNanos));
        return Duration.ZERO;
    }
}
