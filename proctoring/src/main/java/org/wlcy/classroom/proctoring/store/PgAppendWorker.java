package org.wlcy.classroom.proctoring.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * One of the {@link PostgresTraceStore}'s append threads: takes every batch queued for it, appends
 * them in one {@link PgAppendTransaction} and completes their futures after COMMIT. Transient
 * failures (lost connection, deadlock, serialization) are retried; if the group still fails, each
 * batch is tried alone so that one bad batch fails by itself.
 */
final class PgAppendWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PgAppendWorker.class);
    private static final int MAX_BATCHES_PER_TRANSACTION = 512;
    private static final int ATTEMPTS = 5;

    private record Pending(List<TraceEvent> events, CompletableFuture<List<TraceEvent>> done) {
    }

    private static final Pending STOP = new Pending(List.of(), null);

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object gate = new Object();
    private boolean stopping;

    PgAppendWorker(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<List<TraceEvent>> submit(List<TraceEvent> events) {
        CompletableFuture<List<TraceEvent>> done = new CompletableFuture<>();
        synchronized (gate) {
            if (stopping) {
                done.completeExceptionally(new IllegalStateException("the trace store is closed"));
                return done;
            }
            queue.add(new Pending(List.copyOf(events), done));
        }
        return done;
    }

    /** Appends everything queued so far, then stops the thread. */
    void stop() {
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

    private void run() {
        List<Pending> group = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(group, MAX_BATCHES_PER_TRANSACTION - 1);
            stop = group.remove(STOP);
            try {
                append(group);
            } catch (Throwable t) {
                LOG.error("Trace append failed unexpectedly", t);
                group.forEach(p -> p.done.completeExceptionally(t));
            }
            group.clear();
        }
    }

    private void append(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            complete(group, attempt(group));
        } catch (SQLException e) {
            if (group.size() == 1) {
                group.get(0).done.completeExceptionally(e);
                return;
            }
            LOG.warn("Appending {} trace batches together failed; trying each alone", group.size(), e);
            for (Pending p : group) {
                try {
                    complete(List.of(p), attempt(List.of(p)));
                } catch (SQLException alone) {
                    p.done.completeExceptionally(alone);
                }
            }
        }
    }

    private List<List<TraceEvent>> attempt(List<Pending> group) throws SQLException {
        List<List<TraceEvent>> batches = group.stream().map(Pending::events).toList();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return PgAppendTransaction.run(c, batches);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !transient_(e)) {
                    throw e;
                }
                LOG.info("Trace append attempt {} failed ({}); retrying", attempt, e.getMessage());
                pause(attempt);
            }
        }
    }

    private static void complete(List<Pending> group, List<List<TraceEvent>> results) {
        for (int i = 0; i < group.size(); i++) {
            group.get(i).done.complete(results.get(i));
        }
    }

    static boolean transient_(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                        || state.startsWith("57P")));
    }

    private static void pause(int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
