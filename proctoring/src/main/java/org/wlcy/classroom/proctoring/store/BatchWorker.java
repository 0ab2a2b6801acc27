package org.wlcy.classroom.proctoring.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * One thread that takes every append batch queued so far and processes them as one group (group
 * commit), then completes their futures. {@link #stop()} processes what is queued, then ends.
 * Subclasses say how a group is made durable; they call {@link #start()} once constructed.
 */
abstract class BatchWorker {
    /** One caller's batch and the future its acknowledgement completes. */
    record Pending(List<TraceEvent> events, CompletableFuture<List<TraceEvent>> done, long submittedAt) {
    }

    private static final Pending STOP = new Pending(List.of(), null, 0);
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final int maxGroup;
    private final Object gate = new Object();
    private boolean stopping;

    BatchWorker(String name, int maxGroup) {
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.maxGroup = maxGroup;
    }

    /** Starts the thread; called by the subclass at the end of its constructor. */
    final void start() {
        thread.start();
    }

    final CompletableFuture<List<TraceEvent>> submit(List<TraceEvent> events) {
        CompletableFuture<List<TraceEvent>> done = new CompletableFuture<>();
        synchronized (gate) {
            if (stopping) {
                done.completeExceptionally(new IllegalStateException("the trace store is closed"));
                return done;
            }
            queue.add(new Pending(List.copyOf(events), done, System.nanoTime()));
        }
        return done;
    }

    /** Processes everything queued so far, then stops the thread. */
    final void stop() {
        synchronized (gate) {
            if (stopping) {
                return;
            }
            stopping = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes one group durable and completes every batch's future. */
    abstract void process(List<Pending> group) throws Exception;

    /** {@link #process} threw: fail the group's futures (and remember the failure if it must stick). */
    abstract void failed(List<Pending> group, Throwable t);

    private void run() {
        List<Pending> group = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(group, maxGroup - 1);
            stop = group.remove(STOP);
            long taken = System.nanoTime();
            for (Pending p : group) {
                StageTimes.record(Stage.TRACE_QUEUE, taken - p.submittedAt());
            }
            try {
                process(group);
            } catch (Throwable t) {
                failed(group, t);
            }
            group.clear();
        }
    }
}
