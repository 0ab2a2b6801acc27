package org.wlcy.classroom.proctoring.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
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
final class PgAppendWorker extends BatchWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PgAppendWorker.class);
    private static final int MAX_BATCHES_PER_TRANSACTION = 512;
    private static final int ATTEMPTS = 5;


    private final DataSource dataSource;

    PgAppendWorker(DataSource dataSource, String name) {
        super(name, MAX_BATCHES_PER_TRANSACTION);
        this.dataSource = dataSource;
        start();
    }

    @Override
    void process(List<Pending> group) {
        append(group);
    }

    @Override
    void failed(List<Pending> group, Throwable t) {
        LOG.error("Trace append failed unexpectedly", t);
        group.forEach(p -> p.done().completeExceptionally(t));
    }

    private void append(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            complete(group, attempt(group));
        } catch (SQLException e) {
            if (group.size() == 1) {
                group.get(0).done().completeExceptionally(e);
                return;
            }
            LOG.warn("Appending {} trace batches together failed; trying each alone", group.size(), e);
            for (Pending p : group) {
                try {
                    complete(List.of(p), attempt(List.of(p)));
                } catch (SQLException alone) {
                    p.done().completeExceptionally(alone);
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
            group.get(i).done().complete(results.get(i));
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
