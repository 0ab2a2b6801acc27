package org.wlcy.classroom.quiz;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Coalesces the lecturers' live tally: the first change is sent at once, later ones at most once
 * per {@code interval}, the last change of a burst always (trailing send). Pure: the caller sends
 * and schedules.
 */
public final class TallyThrottle {
    /** The lecturers' tally comes at most this often. */
    public static final Duration INTERVAL = Duration.ofMillis(500);
    private final Duration interval;
    private Instant lastSent;
    private boolean scheduled;

    public TallyThrottle(Duration interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Something changed at {@code now}. {@link Duration#ZERO}: send now; a positive delay: schedule
     * one send after it; empty: a send is scheduled already and will include this change.
     */
    public Optional<Duration> changed(Instant now) {
        if (scheduled) {
            return Optional.empty();
        }
        if (lastSent == null || !now.isBefore(lastSent.plus(interval))) {
            return Optional.of(Duration.ZERO);
        }
        scheduled = true;
        return Optional.of(Duration.between(now, lastSent.plus(interval)));
    }

    /** A tally went out at {@code now}. */
    public void sent(Instant now) {
        lastSent = now;
        scheduled = false;
    }

    /** Whether a change is waiting for a scheduled send. */
    public boolean pending() {
        return scheduled;
    }
}
