package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.proctoring.store.EmbeddedPostgres;

/**
 * Issue H with {@code trace.store=postgres}: classes and rosters go to the same database as the
 * traces (their own tables and migration history), not to the data folder, and a restarted gateway
 * finds them there. Skipped if PostgreSQL is not installed, except under {@code CI}.
 */
class EnrolmentOnPostgresOverTheWireTest {
    private static EmbeddedPostgres pg;
    @TempDir
    Path dataDir;

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

    @Test
    void aClassAndItsRosterAreInPostgresAndSurviveARestart() throws Exception {
        String url = pg.createDatabase();
        String a = EnrolmentServer.id("44030519900101001");
        String b = EnrolmentServer.id("44030519920202002");
        try (EnrolmentServer server = new EnrolmentServer(dataDir, "--trace.store=postgres",
                "--trace.postgresUrl=" + url, "--trace.postgresUser=" + pg.user())) {
            server.createWithRoster("sz-pg-01", "深圳网创第2期", "姓名,身份证号,手机号\n张三," + a + ",13800138000\n李四," + b
                    + ",13900139000\n");
            server.submitAndApprove("sz-pg-01");

            server.restart();

            EnrolmentServer.Reply after = server.json("GET", "/api/admin/classes/sz-pg-01", server.admin(), null);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body().path("name").asText()).isEqualTo("深圳网创第2期");
            assertThat(after.body().path("state").asText()).isEqualTo("approved");
            assertThat(after.body().path("trainees").asInt()).isEqualTo(2);
        }
        assertThat(dataDir.resolve("enrolment")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(Files.list(d)).isEmpty());
        try (Connection c = DriverManager.getConnection(url, pg.user(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM enrolment_trainee WHERE class_id = 'sz-pg-01'"
                     + " ORDER BY position")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("张三");
            assertThat(rs.next()).isTrue();
            assertThat(rs.next()).isFalse();
        }
    }
}
