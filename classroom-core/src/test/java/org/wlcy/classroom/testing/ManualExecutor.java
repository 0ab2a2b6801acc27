package org.wlcy.classroom.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Queues tasks until the test runs them ({@link #runAll()}, {@link #runNext()}): a deterministic
 * serial lane in which a task submitted from a task runs after it, as on a real
 * {@code SerialLane}. Thread-safe; tasks run on the thread that calls {@code run...}.
 */
public final class ManualExecutor implements Executor {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(Objects.requireNonNull(task, "task"));
    }

    /** Runs the oldest queued task; false if none was queued. */
    public boolean runNext() {
        Runnable next;
        synchronized (this) {
            next = queue.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    /** Runs queued tasks, including those they queue, until none is left; returns how many ran. */
    public int runAll() {
        int n = 0;
        while (runNext()) {
            n++;
        }
        return n;
    }

    public synchronized int pending() {
        return queue.size();
    }
}
