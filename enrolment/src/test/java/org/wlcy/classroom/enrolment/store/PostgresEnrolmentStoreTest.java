package org.wlcy.classroom.enrolment.store;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.roster.RosterEntry;
import org.wlcy.classroom.proctoring.store.EmbeddedPostgres;

/**
 * The contract on {@link PostgresEnrolmentStore} against a real PostgreSQL started by the test (a
 * fresh database per test), plus what only a database shows: a save is one transaction, and the
 * migrations keep to their own history in a database the trace store shares. Skipped if
 * PostgreSQL is not installed, except under {@code CI}, where that fails.
 */
class PostgresEnrolmentStoreTest extends EnrolmentStoreContract {
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
    protected EnrolmentStore openStore() {
        return PostgresEnrolmentStore.open(url, pg.user(), "");
    }

    @Test
    void aSaveThatFailsHalfwayLeavesThePreviousRecordWhole() {
        EnrolledClass before = approvedWithTwo("sz-2027-01");
        store.save(before);
        // The second trainee repeats the first one's number: its row is refused after the class row
        // and the first trainee were written in the same transaction.
        RosterEntry first = before.roster().get(0);
        List<RosterEntry> twice = new ArrayList<>(List.of(trainee(2, "孙八", "44030519980606006"), first,
                new RosterEntry(9, "重复", first.idNumber(), first.phone(), first.male(), "")));
        EnrolledClass broken = new EnrolledClass(org.wlcy.classroom.enrolment.opening.OpeningApplication.draft(
                plan("sz-2027-01", "440306"), "admin-sz", T.plusSeconds(1)), twice);
        assertThatThrownBy(() -> store.save(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sz-2027-01");
        reopen();
        assertThat(store.find("sz-2027-01")).contains(before);
    }

    /** issue H roster: V2's unique (class, user id) holds in the database too; trainees without one are many. */
    @Test
    void twoTraineesOfAClassCannotShareAPlatformUserId() {
        EnrolledClass before = approvedWithTwo("sz-2027-07");
        store.save(before);
        RosterEntry a = new RosterEntry(2, "孙八", new org.wlcy.classroom.participant.ResidentIdNumber(
                id("44030519980606006")), "13800138000", true, "", "u-7");
        RosterEntry b = new RosterEntry(3, "周九", new org.wlcy.classroom.participant.ResidentIdNumber(
                id("44030519990707007")), "13900139000", true, "", "u-7");
        EnrolledClass broken = new EnrolledClass(before.application(), List.of(a, b));
        assertThatThrownBy(() -> store.save(broken)).isInstanceOf(IllegalStateException.class);
        reopen();
        assertThat(store.find("sz-2027-07")).contains(before);
    }

    @Test
    void theMigrationsRunInADatabaseThatHoldsOtherTablesAndKeepTheirOwnHistory() throws Exception {
        closeStore(store);
        String shared = pg.createDatabase();
        // The trace store (opened first by the gateway) has its tables and history there already.
        pg.execute(shared, "CREATE TABLE trace_class (classroom_id text PRIMARY KEY, next_idx bigint NOT NULL)");
        pg.execute(shared, "CREATE TABLE trace_schema_history (installed_rank int PRIMARY KEY, version text)");
        for (int i = 0; i < 2; i++) {
            try (PostgresEnrolmentStore classes = PostgresEnrolmentStore.open(shared, pg.user(), "")) {
                classes.save(approvedWithTwo("c" + i));
                assertThat(classes.all()).hasSize(i + 1);
            }
        }
        assertThat(versions(shared)).containsExactly("1", "2"); // issue H roster: V2, the trainees' platform user id
        store = openStore();
    }

    private List<String> versions(String db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db, pg.user(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM "
                     + PostgresEnrolmentStore.HISTORY_TABLE + " WHERE version IS NOT NULL AND type <> 'BASELINE' ORDER BY installed_rank")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).isTrue();
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
