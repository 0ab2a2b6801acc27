package org.wlcy.classroom.session;

import java.time.Duration;
import java.util.Objects;
import org.wlcy.classroom.lane.Scheduler;

/**
 * How long a presence whose connection dropped is kept for the same page to come back
 * ({@code class.join} with its {@code resumeToken}), and how many messages are kept for it
 * meanwhile. A page that comes back in time keeps its presence, its streams and subscriptions, and
 * gets what it missed; later, or after more than {@code maxBuffered} messages, it starts a new
 * presence. See docs/adr/0014-resuming-a-dropped-connection.md.
 *
 * @param grace       how long the presence waits; zero turns resuming off
 * @param maxBuffered messages kept for the absent page
 * @param scheduler   runs the end of the wait (the task hops onto the class's lane)
 */
public record ResumePolicy(Duration grace, int maxBuffered, Scheduler scheduler) {
    public ResumePolicy {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        if (maxBuffered < 0) {
            throw new IllegalArgumentException("maxBuffered must not be negative");
        }
        if (!grace.isZero()) {
            Objects.requireNonNull(scheduler, "scheduler");
        }
    }

    /** A dropped connection ends its presence at once. */
    public static final ResumePolicy OFF = new ResumePolicy(Duration.ZERO, 0, null);

    public boolean enabled() {
        return !grace.isZero();
    }
}
