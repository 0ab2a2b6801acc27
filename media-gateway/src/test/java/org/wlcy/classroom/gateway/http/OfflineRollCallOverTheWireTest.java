package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.Await;

/**
 * offline: the approved plan's offline days are the class's OFFLINE lessons, and the lecturer's roll
 * call of a day ({@code POST /api/classes/{id}/offline/{date}/roll-call}) credits them: seven past
 * offline days of 8 class hours roll-called present are 56 class hours offline, which the regulator
 * desk and the results show, eligible. A day still to come is no lesson yet. Bad roll calls are
 * refused with codes and leave the class's trace as it was.
 */
class OfflineRollCallOverTheWireTest {
    private static final String CLASS = "sz-offline-01";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String ROSTER = "姓名,身份证号,手机号\n王芳," + EnrolmentServer.id("44030519900101001")
            + ",13800138000\n";
    private static final LocalDate TODAY = LocalDate.now(CHINA);
    @TempDir
    Path dataDir;
    private EnrolmentServer server;
    private final List<WsTestClient> clients = new ArrayList<>();

    /** Seven offline days of 8 class hours, ten to four days ago; one online day and one offline day to come. */
    private static Map<String, Object> plan() {
        List<Map<String, Object>> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            days.add(Map.of("date", TODAY.minusDays(10 - i).toString(), "classHours", 8, "online", false));
        }
        days.add(Map.of("date", TODAY.minusDays(2).toString(), "classHours", 4, "online", true));
        days.add(Map.of("date", TODAY.plusDays(3).toString(), "classHours", 4, "online", false));
        return Map.of("name", "深圳网创线下班", "lecturers", List.of("l01", "l02"), "days", days);
    }

    @BeforeEach
    void start() throws Exception {
        server = new EnrolmentServer(dataDir);
        assertThat(server.json("PUT", "/api/admin/classes/" + CLASS, server.admin(), plan()).status()).isEqualTo(200);
        assertThat(server.call("POST", "/api/admin/classes/" + CLASS + "/roster", server.admin(),
                ROSTER.getBytes(java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(200);
        server.submitAndApprove(CLASS);
        // The trainee is known to the class's trace once she has joined it (the roll call's list).
        WsTestClient t01 = WsTestClient.connect(server.port(), server.tokenNamed("t01", "王芳", Role.TRAINEE,
                EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, CLASS), null);
        clients.add(t01);
        t01.ok("class.join", "classroomId", CLASS);
        Await.until("t01 on the class's list", Duration.ofSeconds(10), () -> {
            try {
                return days(lecturer()).body().path("trainees").findValuesAsText("userId").contains("t01");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        server.close();
    }

    private String lecturer() {
        return server.token("l01", Role.LECTURER, EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, CLASS);
    }

    private EnrolmentServer.Reply days(String token) throws Exception {
        return server.call("GET", "/api/classes/" + CLASS + "/offline", token, null);
    }

    private EnrolmentServer.Reply rollCall(String token, LocalDate date, Object body) throws Exception {
        return server.json("POST", "/api/classes/" + CLASS + "/offline/" + date + "/roll-call", token, body);
    }

    private long traceSize() {
        return server.gateway().proctoring().store().size(new ClassroomId(CLASS));
    }

    @Test
    void rollCalledOfflineDaysAreCreditedOnTheRegulatorDeskAndInTheResults() throws Exception {
        JsonNode listed = days(lecturer()).body();
        assertThat(listed.path("days")).hasSize(8);
        assertThat(listed.path("days").get(0).path("lessonId").asText()).isEqualTo("offline-" + TODAY.minusDays(10));
        assertThat(listed.path("days").get(0).path("start").asText()).as("09:00 in Shanghai")
                .isEqualTo(TODAY.minusDays(10).atTime(9, 0).atZone(CHINA).toInstant().toString());
        assertThat(listed.path("days").get(0).path("end").asText()).as("8 × (45 + 10) min later: 16:20")
                .isEqualTo(TODAY.minusDays(10).atTime(16, 20).atZone(CHINA).toInstant().toString());
        assertThat(listed.path("days").get(7).path("due").asBoolean()).isFalse();
        assertThat(listed.path("rosterSize").asInt()).isEqualTo(1);

        // The first day is recorded absent, then corrected: the later roll call stands.
        assertThat(rollCall(lecturer(), TODAY.minusDays(10), Map.of("absent", List.of("t01"))).status()).isEqualTo(201);
        for (int i = 0; i < 7; i++) {
            EnrolmentServer.Reply r = rollCall(lecturer(), TODAY.minusDays(10 - i), Map.of("present", List.of("t01")));
            assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
            assertThat(r.body().path("recorded").asInt()).isEqualTo(1);
            assertThat(r.body().path("record").get(0).path("present").asBoolean()).isTrue();
            assertThat(r.body().path("record").get(0).path("by").asText()).isEqualTo("l01");
        }
        assertThat(days(lecturer()).body().path("days").get(0).path("record")).singleElement()
                .satisfies(r -> assertThat(r.path("present").asBoolean()).isTrue());

        JsonNode desk = server.call("GET", "/api/regulator/classes/" + CLASS, server.regulator("440300"), null).body();
        assertThat(desk.path("lessons").findValuesAsText("mode")).as("the past offline days; the one to come is not yet")
                .hasSize(7).containsOnly("offline");
        JsonNode t01 = desk.path("trainees").get(0);
        assertThat(t01.path("userId").asText()).isEqualTo("t01");
        assertThat(t01.path("creditedClassHours").decimalValue()).isEqualByComparingTo("56");
        assertThat(t01.path("onlineClassHours").decimalValue()).isEqualByComparingTo("0");
        assertThat(t01.path("attended").asInt()).isEqualTo(7);
        assertThat(t01.path("eligible").asBoolean()).as(t01.toString()).isTrue();

        JsonNode results = server.call("GET", "/api/classes/" + CLASS + "/assessment", lecturer(), null).body();
        assertThat(results.path("trainees").get(0).path("userId").asText()).isEqualTo("t01");
        assertThat(results.path("trainees").get(0).path("eligible").asBoolean()).as(results.toString()).isTrue();
    }

    @Test
    void badRollCallsAreRefusedWithCodesAndNothingIsRecorded() throws Exception {
        LocalDate offline = TODAY.minusDays(10);
        long before = traceSize();
        Map<String, Object> ok = Map.of("present", List.of("t01"));

        EnrolmentServer.Reply onlineDay = rollCall(lecturer(), TODAY.minusDays(2), ok);
        assertThat(onlineDay.status()).isEqualTo(404);
        assertThat(onlineDay.code()).isEqualTo(285);
        assertThat(rollCall(lecturer(), TODAY.minusDays(30), ok).code()).isEqualTo(285);
        EnrolmentServer.Reply toCome = rollCall(lecturer(), TODAY.plusDays(3), ok);
        assertThat(toCome.status()).isEqualTo(409);
        assertThat(toCome.code()).isEqualTo(286);
        EnrolmentServer.Reply trainee = rollCall(server.token("t01", Role.TRAINEE, EnrolmentServer.INSTITUTION,
                EnrolmentServer.REGION, CLASS), offline, ok);
        assertThat(trainee.code()).isEqualTo(304);
        assertThat(rollCall(server.admin(), offline, ok).code()).isEqualTo(304);
        assertThat(rollCall(server.token("l09", Role.LECTURER, EnrolmentServer.INSTITUTION, EnrolmentServer.REGION,
                "another-class"), offline, ok).code()).isEqualTo(303);
        assertThat(days(server.token("l09", Role.LECTURER, EnrolmentServer.INSTITUTION, EnrolmentServer.REGION,
                "another-class")).code()).isEqualTo(303);
        EnrolmentServer.Reply stranger = rollCall(lecturer(), offline, Map.of("present", List.of("t01", "t99")));
        assertThat(stranger.code()).isEqualTo(209);
        assertThat(stranger.body().path("message").asText()).contains("present[1]");
        EnrolmentServer.Reply both = rollCall(lecturer(), offline, Map.of("present", List.of("t01"),
                "absent", List.of("t01")));
        assertThat(both.code()).isEqualTo(103);
        assertThat(both.body().path("message").asText()).contains("absent[0]");
        assertThat(rollCall(lecturer(), offline, Map.of()).code()).isEqualTo(103);
        assertThat(rollCall(lecturer(), offline, Map.of("present", "t01")).code()).isEqualTo(103);
        assertThat(server.call("POST", "/api/classes/" + CLASS + "/offline/2026-13-01/roll-call", lecturer(),
                "{\"present\":[\"t01\"]}".getBytes()).code()).isEqualTo(103);
        assertThat(server.call("POST", "/api/classes/" + CLASS + "/offline/" + offline + "/roll-call", lecturer(),
                "not json".getBytes()).code()).isEqualTo(100);

        assertThat(traceSize()).as("nothing recorded").isEqualTo(before);
        assertThat(days(lecturer()).body().path("days").get(0).path("record")).isEmpty();
    }
}
