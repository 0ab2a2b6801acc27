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
    private final Queue<Queued> tasks = new ArrayDeque<>();
    private final Thread.UncaughtExceptionHandler onError;
    private boolean running;

    /** A task and when it was queued (for {@link Stage#LANE_QUEUE}). */
    private record Queued(Runnable task, long queuedAt) {
    }

    public SerialLane(Executor pool, Thread.UncaughtExceptionHandler onError) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    /**
     * The executor the lane's tasks run on: with lanes on the network event loops, the one loop of
     * this class (a connection may move to it: {@code ParticipantChannel#moveTo}).
     */
    public Executor executor() {
        return pool;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Queued queued = new Queued(task, System.nanoTime());
        synchronized (tasks) {
            tasks.add(queued);
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
            Queued next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            long start = System.nanoTime();
            StageTimes.record(Stage.LANE_QUEUE, start - next.queuedAt());
            try {
                next.task().run();
            } catch (RuntimeException | Error e) {
                onError.uncaughtException(Thread.currentThread(), e);
            }
            StageTimes.since(Stage.LANE_TASK, start);
        }
    }
}
