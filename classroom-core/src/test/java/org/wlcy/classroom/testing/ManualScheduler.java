package org.wlcy.classroom.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} driven by a {@link MutableClock}: nothing runs until the
 * test says so. {@link #runDue()} runs every task due at the clock's time; {@link #advance}
 * moves the clock forward task by task, running each when its time comes (so a task sees the
 * clock at its due time, as with a real scheduler that is on time). Tasks run on the calling
 * thread, in due order (ties in scheduling order). Thread-safe.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final MutableClock clock;
    private final List<Task<?>> tasks = new ArrayList<>();
    private long seq;
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ------------------------------------------------------------------ test controls

    /** Runs every task due now (including those they schedule for now); returns how many ran. */
    public int runDue() {
        int n = 0;
        Task<?> next;
        while ((next = nextDue(clock.instant())) != null) {
            next.run();
            n++;
        }
        return n;
    }

    /**
     * Moves the clock forward by {@code by}, stopping at each task's due time to run it; the clock
     * ends at the start plus {@code by}. Returns how many tasks ran.
     */
    public int advance(Duration by) {
        Instant end = clock.instant().plus(by);
        int n = runDue();
        while (true) {
            Task<?> next = earliest();
            if (next == null || next.due.isAfter(end)) {
                break;
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            n += runDue();
        }
        clock.set(end);
        return n + runDue();
    }

    /** Tasks waiting (not cancelled, not run). */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** When the waiting tasks are due, earliest first. */
    public synchronized List<Instant> dueTimes() {
        return tasks.stream().filter(t -> !t.cancelled).sorted(ORDER).map(t -> t.due).toList();
    }

    // ------------------------------------------------------------------ ScheduledExecutorService

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return add(() -> {
            command.run();
            return null;
        }, delay, unit, 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(Objects.requireNonNull(callable, "callable"), delay, unit, 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return periodic(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return periodic(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        for (Task<?> t : tasks) {
            left.add(t::run);
        }
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    // ------------------------------------------------------------------ internals

    private static final Comparator<Task<?>> ORDER = Comparator.<Task<?>, Instant>comparing(t -> t.due)
            .thenComparingLong(t -> t.seq);

    private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive");
        }
        Objects.requireNonNull(command, "command");
        return add(() -> {
            command.run();
            return null;
        }, initialDelay, unit, unit.toNanos(period));
    }

    private synchronized <V> Task<V> add(Callable<V> body, long delay, TimeUnit unit, long periodNanos) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("scheduler is shut down");
        }
        Task<V> t = new Task<>(body, clock.instant().plusNanos(unit.toNanos(Math.max(0, delay))), ++seq, periodNanos);
        tasks.add(t);
        return t;
    }

    private synchronized Task<?> earliest() {
        return tasks.stream().filter(t -> !t.cancelled).min(ORDER).orElse(null);
    }

    private synchronized Task<?> nextDue(Instant now) {
        tasks.removeIf(t -> t.cancelled);
        Task<?> next = earliest();
        if (next == null || next.due.isAfter(now)) {
            return null;
        }
        tasks.remove(next);
        return next;
    }

    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> body;
        private final long seq;
        private final long periodNanos;
        private Instant due;
        private volatile boolean cancelled;
        private volatile boolean done;
        private V result;
        private Throwable failure;

        Task(Callable<V> body, Instant due, long seq, long periodNanos) {
            this.body = body;
            this.due = due;
            this.seq = seq;
            this.periodNanos = periodNanos;
        }

        void run() {
            if (cancelled) {
                return;
            }
            try {
                V v = body.call();
                if (periodNanos == 0) {
                    result = v;
                    done = true;
                }
            } catch (Exception e) {
                failure = e;
                done = true;
                return;
            }
            if (periodNanos > 0 && !cancelled) {
                synchronized (ManualScheduler.this) {
                    due = due.plusNanos(periodNanos);
                    tasks.add(this);
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            if (cancelled) {
                throw new CancellationException();
            }
            if (!done) {
                throw new IllegalStateException("a manual task completes only when the test runs it");
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
            if (!done && !cancelled) {
                throw new TimeoutException("not run yet");
            }
            return get();
        }
    }
}
