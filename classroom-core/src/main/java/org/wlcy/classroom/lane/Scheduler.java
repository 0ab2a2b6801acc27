package org.wlcy.classroom.lane;

import java.time.Duration;

/**
 * Runs a task once, after a delay: the timer port of the domain (likes are broadcast on a timer).
 * The gateway uses a {@code ScheduledExecutorService}; tests use a manual scheduler that a
 * {@code MutableClock} drives. The task runs on the scheduler's thread: hop onto a class's lane
 * before touching it. Must not block.
 */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable task);
}
