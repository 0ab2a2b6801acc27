package org.wlcy.classroom.enrolment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.roster.RosterEntry;

/**
 * The enrolment store in PostgreSQL (tables {@code enrolment_class} and {@code enrolment_trainee},
 * created by Flyway from {@code db/enrolment} with its history in {@code enrolment_schema_history},
 * so the trace store's {@code db/migration} and this never see each other's scripts). A save
 * replaces the class's row and all its trainees in one transaction: after a failure the previous
 * record is there whole. Reads go to the database each time (several gateways may share it).
 */
public final class PostgresEnrolmentStore implements EnrolmentStore, AutoCloseable {
    /** Where the migrations are; never {@code db/migration} (the trace store's). */
    public static final String MIGRATIONS = "classpath:db/enrolment";
    public static final String HISTORY_TABLE = "enrolment_schema_history";
    private static final String CLASS_COLUMNS = "class_id, application";

    private final HikariDataSource pool;

    private PostgresEnrolmentStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Connects (a small HikariCP pool) and migrates the schema.
     *
     * @throws org.flywaydb.core.api.FlywayException or a pool exception if the database cannot be
     *                                               reached or migrated
     */
    public static PostgresEnrolmentStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("enrolment-store");
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "enrolment-store");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations(MIGRATIONS).table(HISTORY_TABLE)
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            return new PostgresEnrolmentStore(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public Optional<EnrolledClass> find(String classId) {
        Objects.requireNonNull(classId, "classId");
        return load("WHERE class_id = ?", classId).stream().findFirst();
    }

    @Override
    public List<EnrolledClass> all() {
        return load("", null);
    }

    @Override
    public void save(EnrolledClass record) {
        Objects.requireNonNull(record, "record");
        OpeningApplication a = record.application();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO enrolment_class"
                        + " (class_id, institution, region, state, application, updated_at) VALUES (?, ?, ?, ?, ?, now())"
                        + " ON CONFLICT (class_id) DO UPDATE SET institution = EXCLUDED.institution,"
                        + " region = EXCLUDED.region, state = EXCLUDED.state, application = EXCLUDED.application,"
                        + " updated_at = now()")) {
                    ps.setString(1, record.classId());
                    ps.setString(2, a.plan().institution());
                    ps.setString(3, a.plan().region());
                    ps.setString(4, a.state().name());
                    ps.setString(5, RecordJson.MAPPER.writeValueAsString(a));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM enrolment_trainee WHERE class_id = ?")) {
                    ps.setString(1, record.classId());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO enrolment_trainee"
                        + " (class_id, position, id_number, name, entry, user_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                    int position = 0;
                    for (RosterEntry e : record.roster()) {
                        ps.setString(1, record.classId());
                        ps.setInt(2, position++);
                        ps.setString(3, e.idNumber().value());
                        ps.setString(4, e.name());
                        ps.setString(5, RecordJson.MAPPER.writeValueAsString(e));
                        ps.setString(6, e.userId()); // issue H roster: NULL when the roster gave none
                        ps.addBatch();
                    }
                    if (position > 0) {
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store class " + record.classId() + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write class " + record.classId() + " as JSON", e);
        }
    }

    /** Closes the pool; the store cannot be used after. */
    @Override
    public void close() {
        pool.close();
    }

    private List<EnrolledClass> load(String where, String classId) {
        try (Connection c = pool.getConnection()) {
            // One snapshot for both reads: a save that commits in between is seen whole or not at all.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                Map<String, OpeningApplication> applications = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + CLASS_COLUMNS + " FROM enrolment_class "
                        + where + " ORDER BY class_id")) {
                    if (classId != null) {
                        ps.setString(1, classId);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            applications.put(rs.getString(1), RecordJson.MAPPER.readValue(rs.getString(2),
                                    OpeningApplication.class));
                        }
                    }
                }
                Map<String, List<RosterEntry>> rosters = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT class_id, entry FROM enrolment_trainee "
                        + where + " ORDER BY class_id, position")) {
                    if (classId != null) {
                        ps.setString(1, classId);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rosters.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(RecordJson.MAPPER.readValue(rs.getString(2), RosterEntry.class));
                        }
                    }
                }
                c.commit();
                List<EnrolledClass> out = new ArrayList<>();
                applications.forEach((id, a) -> out.add(new EnrolledClass(a, rosters.getOrDefault(id, List.of()))));
                return out;
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("enrolment store query failed: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an enrolment record cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
