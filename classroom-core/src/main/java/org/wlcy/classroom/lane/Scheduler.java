package org.wlcy.classroom.lane;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: the domain's timers (a breakout's end) go through this port so
 * that tests drive them with a manual clock instead of sleeping. Tasks run on the scheduler's
 * thread and must hop onto their class's lane themselves.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run yet. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /** A scheduler on a JDK {@link ScheduledExecutorService} (owned by the caller). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            var f = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
