package org.wlcy.classroom.proctoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The contract on {@link PostgresTraceStore} against a real PostgreSQL started by the test (one
 * server for the class, a fresh database per test). Skipped if PostgreSQL is not installed, except
 * under {@code CI}, where that fails.
 */
class PostgresTraceStoreTest extends TraceStoreContract {
    private static EmbeddedPostgres pg;
    private String url;

    @BeforeAll
    static void startPostgres() {
        Optional<Path> bin = EmbeddedPostgres.findBinaries();
        if (bin.isEmpty()) {
            String message = "PostgreSQL is not installed: " + EmbeddedPostgres.INSTALL_HINT;
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        pg = EmbeddedPostgres.start(bin.get());
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    @BeforeEach
    void openFirst() {
        url = pg.createDatabase();
        super.openFirst();
    }

    @Override
    protected TraceStore openStore() {
        return PostgresTraceStore.open(url, pg.user(), "");
    }

    @Override
    protected void plant(TraceEvent e) {
        try (Connection c = DriverManager.getConnection(url, pg.user(), "");
             java.sql.PreparedStatement ps = c.prepareStatement(PgRows.INSERT_EVENT)) {
            PgRows.bindInsert(ps, e);
            ps.executeUpdate();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE trace_class SET next_idx = " + (e.index() + 1) + " WHERE classroom_id = '"
                        + e.classroomId().value() + "'");
            }
        } catch (java.sql.SQLException ex) {
            throw new AssertionError(ex);
        }
        reopen();
    }

    @Override
    protected void plantUnreadable(org.wlcy.classroom.classroom.ClassroomId classroom) {
        long index = store.size(classroom);
        pg.execute(url, "INSERT INTO trace_event (" + PgRows.EVENT_COLUMNS + ") VALUES ('" + classroom.value() + "', "
                + index + ", 'from-a-later-version', 'u-alice', NULL, 'no.such.kind', now(), NULL, '{\"x\":1.5}')");
        pg.execute(url, "UPDATE trace_class SET next_idx = " + (index + 1) + " WHERE classroom_id = '"
                + classroom.value() + "'");
        reopen();
    }

    @Test
    void aRowWhosePlaceholderIsReadHashesTheRowNotItsSessionsSettings() {
        append(event(C1, "e0"));
        plantUnreadable(C1);
        TraceEvent first = store.read(C1, 1, 1).get(0);
        pg.execute(url, "ALTER DATABASE " + url.substring(url.lastIndexOf('/') + 1) + " SET TimeZone = 'Asia/Shanghai'");
        reopen();
        assertThat(store.read(C1, 1, 1)).containsExactly(first);
    }

    @Test
    void anAppendSurvivesItsPooledConnectionBeingKilled() throws Exception {
        append(event(C1, "before"));
        pg.execute(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'trace-store' AND pid <> pg_backend_pid()");
        assertThat(append(event(C1, "after"))).extracting(TraceEvent::index).containsExactly(1L);
        assertThat(store.read(C1, 0, 10)).extracting(TraceEvent::eventId).containsExactly("before", "after");
    }

    @Test
    void twoStoresOnOneDatabaseStillAssignContiguousIndexes() {
        try (TraceStore second = openStore()) {
            List<CompletableFuture<List<TraceEvent>>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                TraceStore s = i % 2 == 0 ? store : second;
                all.add(s.append(List.of(event(C1, new UserId("u" + i), "u" + i + "/1", T0),
                        event(C1, new UserId("u" + i), "u" + i + "/2", T0))).toCompletableFuture());
            }
            all.forEach(TraceStoreContract::await);
        }
        assertThat(store.read(C1, 0, 1000)).extracting(TraceEvent::index)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 200).boxed().toList());
    }

    @Test
    void storedEventsCannotBeAlteredOrDeleted() {
        append(event(C1, "e0"));
        assertThatThrownBy(() -> pg.execute(url, "UPDATE trace_event SET user_id = 'mallory'"))
                .hasRootCauseMessage("ERROR: trace records are append-only (UPDATE on trace_event)\n"
                        + "  Where: PL/pgSQL function trace_refuse_change() line 3 at RAISE");
        assertThatThrownBy(() -> pg.execute(url, "DELETE FROM trace_event")).isInstanceOf(IllegalStateException.class);
        assertThat(store.size(C1)).isEqualTo(1);
    }

    @Test
    void theSchemaIsMigratedByFlyway() throws Exception {
        try (Connection c = DriverManager.getConnection(url, pg.user(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM trace_schema_history ORDER BY installed_rank")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void opensOnADatabaseThatAlreadyHoldsAnotherModulesTables() {
        String shared = pg.createDatabase();
        pg.execute(shared, "CREATE TABLE enrolment_class (class_id text PRIMARY KEY)");
        try (TraceStore store = PostgresTraceStore.open(shared, pg.user(), "")) {
            assertThat(store.classrooms()).isEmpty();
        }
    }
}
