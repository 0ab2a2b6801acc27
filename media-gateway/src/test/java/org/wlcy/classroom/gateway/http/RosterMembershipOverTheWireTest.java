package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.participant.Role;

/**
 * issue H roster: an approved class whose roster gives the platform's user ids (学员编号) is joined only by
 * the trainees on it and the plan's lecturers (265, {@code classes.requireApproval}); regulators are
 * not held to it; a roster without user ids keeps the tokens' word alone.
 */
class RosterMembershipOverTheWireTest {
    private static final String WITH_IDS = "姓名,身份证号,手机号,学员编号\n张三," + EnrolmentServer.id("44030519900101001")
            + ",13800138000,u-1001\n李四," + EnrolmentServer.id("44030519920202002") + ",13900139000,u-1002\n";
    private static final String WITHOUT_IDS = "姓名,身份证号,手机号\n张三," + EnrolmentServer.id("44030519900101001")
            + ",13800138000\n";
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

    private WsTestClient as(String user, Role role, String classId) {
        WsTestClient c = WsTestClient.connect(server.port(), server.token(user, role, EnrolmentServer.INSTITUTION,
                EnrolmentServer.REGION, classId), null);
        clients.add(c);
        return c;
    }

    @Test
    void onlyTheRostersTraineesAndThePlansLecturersJoinAnApprovedClassWithUserIds() throws Exception {
        server = new EnrolmentServer(dataDir, "--auth.devMode=false");
        server.createWithRoster("sz-roll-01", "深圳网创第5期", WITH_IDS);
        // Before approval the roster is no rule yet (the lesson gate holds the lessons back).
        as("t-stranger", Role.TRAINEE, "sz-roll-01").ok("class.join", "classroomId", "sz-roll-01");
        server.submitAndApprove("sz-roll-01");

        JsonNode refused = as("t-stranger", Role.TRAINEE, "sz-roll-01").request("class.join", "classroomId", "sz-roll-01");
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asInt()).isEqualTo(265);
        assertThat(refused.path("error").asText()).isEqualTo("ROSTER_NOT_MEMBER");
        assertThat(refused.path("message").asText()).contains("t-stranger", "sz-roll-01");
        JsonNode lecturerRefused = as("l99", Role.LECTURER, "sz-roll-01").request("class.join", "classroomId", "sz-roll-01");
        assertThat(lecturerRefused.path("code").asInt()).isEqualTo(265);

        as("u-1001", Role.TRAINEE, "sz-roll-01").ok("class.join", "classroomId", "sz-roll-01");
        as("l01", Role.LECTURER, "sz-roll-01").ok("class.join", "classroomId", "sz-roll-01");
        as("reg-440305", Role.REGULATOR, "sz-roll-01").ok("class.join", "classroomId", "sz-roll-01");

        server.restart();
        assertThat(as("t-stranger", Role.TRAINEE, "sz-roll-01").request("class.join", "classroomId", "sz-roll-01")
                .path("code").asInt()).isEqualTo(265);
        as("u-1002", Role.TRAINEE, "sz-roll-01").ok("class.join", "classroomId", "sz-roll-01");
    }

    @Test
    void aClassDoesNotMixTraineesWithAndWithoutUserIds() throws Exception {
        server = new EnrolmentServer(dataDir);
        server.createWithRoster("sz-roll-04", "深圳网创第8期", WITHOUT_IDS);
        String more = "姓名,身份证号,手机号,学员编号\n王五," + EnrolmentServer.id("44030519950303003") + ",15000150000,u-3\n";
        EnrolmentServer.Reply r = server.call("POST", "/api/admin/classes/sz-roll-04/roster", server.admin(),
                more.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo(260);
        assertThat(r.body().path("preview").path("problems").findValuesAsText("code")).containsExactly("user-id.mixed");
    }

    @Test
    void aRosterWithoutUserIdsOrDevModeKeepsTheTokensWord() throws Exception {
        server = new EnrolmentServer(dataDir, "--auth.devMode=false");
        server.createWithRoster("sz-roll-02", "深圳网创第6期", WITHOUT_IDS);
        server.submitAndApprove("sz-roll-02");
        as("t-anyone", Role.TRAINEE, "sz-roll-02").ok("class.join", "classroomId", "sz-roll-02");
        as("l77", Role.LECTURER, "sz-roll-02").ok("class.join", "classroomId", "sz-roll-02");
        server.close();

        server = new EnrolmentServer(dataDir.resolve("dev"));
        server.createWithRoster("sz-roll-03", "深圳网创第7期", WITH_IDS);
        server.submitAndApprove("sz-roll-03");
        as("t-stranger", Role.TRAINEE, "sz-roll-03").ok("class.join", "classroomId", "sz-roll-03");
    }
}
