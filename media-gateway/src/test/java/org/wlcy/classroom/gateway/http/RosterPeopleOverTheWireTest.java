package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.Await;

/**
 * issue H roster: when a class's roster gives the platform's user ids, the offline roll call lists every
 * roster trainee by the roster's name, also one the trace never saw, and recording them counts; the
 * attendance and results exports list every roster person (one never seen: zeros, not eligible).
 */
class RosterPeopleOverTheWireTest {
    private static final String CLASS = "sz-people-01";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA);
    private static final String ROSTER = "姓名,身份证号,手机号,学员编号\n王芳," + EnrolmentServer.id("44030519900101001")
            + ",13800138000,u-1\n李娜," + EnrolmentServer.id("44030519920202002") + ",13900139000,u-2\n";
    @TempDir
    Path dataDir;
    private EnrolmentServer server;
    private final List<WsTestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (server != null) {
            server.close();
        }
    }

    /** Seven offline days of 8 class hours, ten to four days ago. */
    private static Map<String, Object> plan() {
        List<Map<String, Object>> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            days.add(Map.of("date", TODAY.minusDays(10 - i).toString(), "classHours", 8, "online", false));
        }
        return Map.of("name", "深圳网创花名册班", "lecturers", List.of("l01", "l02"), "days", days);
    }

    private String lecturer() {
        return server.token("l01", Role.LECTURER, EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, CLASS);
    }

    private String export(String file) throws Exception {
        return new String(server.call("GET", "/api/admin/classes/" + CLASS + "/export/" + file, server.admin(), null)
                .bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theRollCallAndTheExportsListEveryRosterTraineeAlsoOneNeverSeen() throws Exception {
        server = new EnrolmentServer(dataDir);
        assertThat(server.json("PUT", "/api/admin/classes/" + CLASS, server.admin(), plan()).status()).isEqualTo(200);
        assertThat(server.call("POST", "/api/admin/classes/" + CLASS + "/roster", server.admin(),
                ROSTER.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        server.submitAndApprove(CLASS);
        WsTestClient u1 = WsTestClient.connect(server.port(), server.tokenNamed("u-1", "芳芳", Role.TRAINEE,
                EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, CLASS), null);
        clients.add(u1);
        u1.ok("class.join", "classroomId", CLASS);
        Await.until("u-1 in the attendance export", Duration.ofSeconds(10), () -> {
            try {
                return export("attendance.csv").contains("\r\nu-1,");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        JsonNode listed = server.call("GET", "/api/classes/" + CLASS + "/offline", lecturer(), null).body();
        assertThat(listed.path("trainees").findValuesAsText("userId")).containsExactly("u-1", "u-2");
        assertThat(listed.path("trainees").findValuesAsText("name")).as("the roster's names")
                .containsExactly("王芳", "李娜");
        assertThat(listed.path("rosterSize").asInt()).isEqualTo(2);

        String roster = export("roster.csv");
        assertThat(roster.split("\r\n")[0]).endsWith(",班级名称 className,学员编号 userId");
        assertThat(roster.split("\r\n")[2]).startsWith("2,李娜,").endsWith(",深圳网创花名册班,u-2");
        String attendance = export("attendance.csv");
        assertThat(attendance).contains("\r\nu-1,王芳,").contains("\r\nu-2,李娜,7,0,0,0,7,0,0,0,0,0,0,0,0,否 no,");
        String results = export("results.csv");
        assertThat(results).contains(",u-1,王芳,").contains(",u-2,李娜,否 no,");

        EnrolmentServer.Reply r = server.json("POST", "/api/classes/" + CLASS + "/offline/" + TODAY.minusDays(10)
                + "/roll-call", lecturer(), Map.of("present", List.of("u-2"), "absent", List.of("u-1")));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.body().path("recorded").asInt()).isEqualTo(2);
        JsonNode desk = server.call("GET", "/api/regulator/classes/" + CLASS, server.regulator("440300"), null).body();
        JsonNode u2 = null;
        for (JsonNode t : desk.path("trainees")) {
            if (t.path("userId").asText().equals("u-2")) {
                u2 = t;
            }
        }
        assertThat(u2).as(desk.toString()).isNotNull();
        assertThat(u2.path("attended").asInt()).isEqualTo(1);
        assertThat(u2.path("creditedClassHours").decimalValue()).isEqualByComparingTo("8");
        assertThat(export("attendance.csv")).contains("\r\nu-2,李娜,7,1,");
    }
}
