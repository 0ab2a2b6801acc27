package org.wlcy.classroom.lane;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on threads borrowed from a shared pool: one lane
 * per class session (Jitsi's per-conference queue, BigBlueButton's actor per meeting), so domain
 * state needs no locks. Tasks must not block.
 */
public final class SerialLane implements Executor {
    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Thread.UncaughtExceptionHandler onError;
    private boolean running;

    public SerialLane(Executor pool, Thread.UncaughtExceptionHandler onError) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear();
                running = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                onError.uncaughtException(Thread.currentThread(), e);
            }
        }
    }
}
