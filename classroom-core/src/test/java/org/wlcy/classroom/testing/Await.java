package org.wlcy.classroom.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition that other threads bring about (a server, a job runner, a trace writer),
 * never longer than a timeout, and fails naming what did not happen. The condition is checked at
 * once, then at growing intervals (1 ms up to 50 ms), so a quick change is seen quickly and a slow
 * one costs little CPU. For tests only: production code waits on futures and events.
 */
public final class Await {
    private static final long FIRST_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_NANOS = Duration.ofMillis(50).toNanos();

    private Await() {
    }

    /** Returns once {@code condition} holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Reads {@code value} until {@code done} accepts it and returns that value; fails after
     * {@code timeout} with the last value read.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_NANOS;
        while (true) {
            T v = value.get();
            if (done.test(v)) {
                return v;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; last: " + v);
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_NANOS);
        }
    }
}
