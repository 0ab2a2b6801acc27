package org.wlcy.classroom.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.lane.Scheduler;

/**
 * A {@link Scheduler} on a {@link MutableClock}: tasks run when a test moves the clock past their
 * time with {@link #advance(Duration)}, in time order, on the test's thread. Never sleeps.
 * Thread-safe.
 */
public final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final List<Timer> timers = new ArrayList<>();
    private long sequence;

    private record Timer(Instant due, long sequence, Runnable task) {
    }

    public ManualScheduler(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        timers.add(new Timer(clock.instant().plus(delay), sequence++, Objects.requireNonNull(task, "task")));
    }

    /**
     * Moves the clock forward by {@code by}, running each task that falls due on the way at its own
     * time (tasks scheduled by those tasks too, if due within the step).
     */
    public void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.stream().filter(t -> !t.due().isAfter(end))
                        .min(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence)).orElse(null);
                if (next == null) {
                    break;
                }
                timers.remove(next);
            }
            if (next.due().isAfter(clock.instant())) {
                clock.set(next.due());
            }
            next.task().run();
        }
        clock.set(end);
    }

    /** Tasks waiting for their time. */
    public synchronized int pending() {
        return timers.size();
    }
}
