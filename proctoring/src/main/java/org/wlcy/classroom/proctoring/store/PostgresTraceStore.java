package org.wlcy.classroom.proctoring.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.flywaydb.core.Flyway;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The trace store in PostgreSQL (tables {@code trace_class}, {@code trace_event},
 * {@code trace_checkpoint}, created by Flyway from {@code db/migration}). Appends run on a few
 * dedicated threads (a class always on the same one), several queued batches per transaction, and
 * complete after COMMIT with {@code synchronous_commit} on; their futures complete on those threads.
 * Indexes are assigned under a row lock on the class's counter, so they stay contiguous with any
 * number of threads or servers appending. A row that is not a valid storable event (written by an
 * older version, or by hand) is read as its set-aside placeholder ({@link TraceStore}).
 */
public final class PostgresTraceStore implements TraceStore {
    private static final int DEFAULT_WRITERS = 2;

    private final HikariDataSource pool;
    private final PgAppendWorker[] writers;
    private volatile boolean closed;

    private PostgresTraceStore(HikariDataSource pool, int writers) {
        this.pool = pool;
        this.writers = new PgAppendWorker[writers];
        for (int i = 0; i < writers; i++) {
            this.writers[i] = new PgAppendWorker(pool, "trace-store-pg-" + i);
        }
    }

    /** Opens the store with two append threads; see {@link #open(String, String, String, int)}. */
    public static PostgresTraceStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_WRITERS);
    }

    /**
     * Connects (HikariCP pool of {@code writers + 2} connections), migrates the schema with Flyway
     * (history in {@code trace_schema_history}) and starts {@code writers} append threads.
     *
     * @throws org.flywaydb.core.api.FlywayException or a pool exception if the database cannot be
     *                                               reached or migrated
     */
    public static PostgresTraceStore open(String jdbcUrl, String user, String password, int writers) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be >= 1");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("trace-store");
        config.setMaximumPoolSize(writers + 2);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "trace-store");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            // The database may already hold other tables (the enrolment store's, ADR 0021): a schema
            // that is not empty but has no trace history starts that history at version 0, then V1 runs.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .table("trace_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            verifySynchronousCommit(pool);
            return new PostgresTraceStore(pool, writers);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void verifySynchronousCommit(HikariDataSource pool) {
        String setting = query("SHOW synchronous_commit", ps -> { }, rs -> rs.getString(1), pool).get(0);
        if (setting.equals("off")) {
            throw new IllegalStateException("synchronous_commit is off: acknowledged traces could be lost");
        }
    }

    @Override
    public CompletionStage<List<TraceEvent>> append(List<TraceEvent> events) {
        Objects.requireNonNull(events, "events");
        if (closed) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("the trace store is closed"));
        }
        CompletionStage<List<TraceEvent>> refused = StorableEvent.refusal(events);
        if (refused != null) {
            return refused;
        }
        int lane = events.isEmpty() || events.get(0) == null ? 0
                : Math.floorMod(events.get(0).classroomId().hashCode(), writers.length);
        return writers[lane].submit(events);
    }

    @Override
    public List<TraceEvent> read(ClassroomId classroom, long fromIndex, int limit) {
        return records(classroom, fromIndex, limit).stream().map(StoredRecord::event).toList();
    }

    @Override
    public List<StoredRecord> records(ClassroomId classroom, long fromIndex, int limit) {
        Objects.requireNonNull(classroom, "classroom");
        if (limit <= 0) {
            return List.of();
        }
        return query("SELECT " + PgRows.EVENT_COLUMNS + " FROM trace_event WHERE classroom_id = ? AND idx >= ?"
                + " ORDER BY idx LIMIT ?", ps -> {
                    ps.setString(1, classroom.value());
                    ps.setLong(2, fromIndex);
                    ps.setInt(3, limit);
                }, PgRows::record);
    }

    @Override
    public List<TraceEvent> readByUser(ClassroomId classroom, UserId user, Instant from, Instant to) {
        Objects.requireNonNull(classroom, "classroom");
        Objects.requireNonNull(user, "user");
        return query("SELECT " + PgRows.EVENT_COLUMNS + " FROM trace_event WHERE classroom_id = ? AND user_id = ?"
                + PgRows.rangeCondition(from, to) + " ORDER BY idx", ps -> {
                    ps.setString(1, classroom.value());
                    ps.setString(2, user.value());
                    PgRows.bindRange(ps, 3, from, to);
                }, rs -> PgRows.record(rs).event());
    }

    @Override
    public List<TraceEvent> readByTime(ClassroomId classroom, Instant from, Instant to) {
        Objects.requireNonNull(classroom, "classroom");
        return query("SELECT " + PgRows.EVENT_COLUMNS + " FROM trace_event WHERE classroom_id = ?"
                + PgRows.rangeCondition(from, to) + " ORDER BY idx", ps -> {
                    ps.setString(1, classroom.value());
                    PgRows.bindRange(ps, 2, from, to);
                }, rs -> PgRows.record(rs).event());
    }

    @Override
    public long size(ClassroomId classroom) {
        Objects.requireNonNull(classroom, "classroom");
        List<Long> n = query("SELECT next_idx FROM trace_class WHERE classroom_id = ?",
                ps -> ps.setString(1, classroom.value()), rs -> rs.getLong(1));
        return n.isEmpty() ? 0 : n.get(0);
    }

    @Override
    public Set<ClassroomId> classrooms() {
        return Set.copyOf(new HashSet<>(query("SELECT classroom_id FROM trace_class WHERE next_idx > 0",
                ps -> { }, rs -> new ClassroomId(rs.getString(1)))));
    }

    @Override
    public void saveCheckpoint(Checkpoint c) {
        Objects.requireNonNull(c, "checkpoint");
        checkOpen();
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("INSERT INTO trace_checkpoint"
                     + " (classroom_id, tree_size, root_hash, issued_at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, c.classroomId().value());
            ps.setLong(2, c.treeSize());
            ps.setString(3, c.rootHash());
            ps.setString(4, c.issuedAt().toString());
            ps.setString(5, c.keyId());
            ps.setString(6, c.signature());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save checkpoint of " + c.classroomId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Checkpoint> checkpoints(ClassroomId classroom) {
        Objects.requireNonNull(classroom, "classroom");
        return query("SELECT classroom_id, tree_size, root_hash, issued_at, key_id, signature FROM trace_checkpoint"
                + " WHERE classroom_id = ? ORDER BY tree_size, id", ps -> ps.setString(1, classroom.value()),
                rs -> new Checkpoint(new ClassroomId(rs.getString(1)), rs.getLong(2), rs.getString(3),
                        Instant.parse(rs.getString(4)), rs.getString(5), rs.getString(6)));
    }

    /** Appends everything already queued, then closes the pool. Appends after this fail. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (PgAppendWorker w : writers) {
            w.stop();
        }
        pool.close();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        checkOpen();
        return query(sql, binder, mapper, pool);
    }

    private static <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper, HikariDataSource pool) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("trace store query failed: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the trace store is closed");
        }
    }
}
