package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Role;

/**
 * {@code classes.requireApproval} (issue H, issue H): outside dev mode a lecturer's
 * {@code session.start} is refused with 264 until the regulator approves the class's opening
 * application, and in a class known only from tokens; the class goes on meanwhile. An approved
 * class is a configured class, so with {@code classes.acceptFromTokens=false} it can be joined.
 */
class LessonApprovalOverTheWireTest {
    private static final String ROSTER = "姓名,身份证号,手机号\n张三," + EnrolmentServer.id("44030519900101001")
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

    private WsTestClient lecturerIn(String classId) {
        WsTestClient c = WsTestClient.connect(server.port(), server.token("l01", Role.LECTURER,
                EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, classId), null);
        clients.add(c);
        return c;
    }

    @Test
    void aLessonStartsOnlyOnceTheRegulatorApprovedTheClass() throws Exception {
        server = new EnrolmentServer(dataDir, "--auth.devMode=false");
        server.createWithRoster("sz-gate-01", "深圳网创第3期", ROSTER);
        assertThat(server.call("POST", "/api/admin/classes/sz-gate-01/submit", server.admin(), null).status())
                .isEqualTo(200);

        WsTestClient lecturer = lecturerIn("sz-gate-01");
        lecturer.ok("class.join", "classroomId", "sz-gate-01");
        JsonNode refused = lecturer.request("session.start");
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asInt()).isEqualTo(264);
        assertThat(refused.path("error").asText()).isEqualTo("CLASS_NOT_APPROVED");
        assertThat(refused.path("message").asText()).contains("submitted");
        // The class goes on: no half-started lesson, other requests answered.
        assertThat(lecturer.request("session.end").path("code").asInt()).isEqualTo(202);
        assertThat(lecturer.request("session.start").path("code").asInt()).isEqualTo(264);

        // A class no institution created here (known only from a token's claims) is refused too.
        WsTestClient stranger = lecturerIn("tokens-only-01");
        stranger.ok("class.join", "classroomId", "tokens-only-01");
        JsonNode noRecord = stranger.request("session.start");
        assertThat(noRecord.path("code").asInt()).isEqualTo(264);
        assertThat(noRecord.path("message").asText()).contains("no institution created class tokens-only-01");

        assertThat(server.call("POST", "/api/regulator/openings/sz-gate-01/approve", server.regulator("440300"), null)
                .status()).isEqualTo(200);
        JsonNode started = lecturer.ok("session.start");
        assertThat(started.path("session").path("state").asText()).isEqualTo("live");
        // A trainee's session.start is still a role error, not an approval one.
        WsTestClient trainee = WsTestClient.connect(server.port(), server.token("t01", Role.TRAINEE,
                EnrolmentServer.INSTITUTION, EnrolmentServer.REGION, "tokens-only-01"), null);
        clients.add(trainee);
        trainee.ok("class.join", "classroomId", "tokens-only-01");
        assertThat(trainee.request("session.start").path("code").asInt()).isEqualTo(304);
    }

    @Test
    void anApprovedClassCanBeJoinedWhenOnlyConfiguredClassesAreAcceptedAlsoAfterARestart() throws Exception {
        server = new EnrolmentServer(dataDir, "--auth.devMode=false", "--classes.acceptFromTokens=false");
        server.createWithRoster("sz-gate-02", "深圳网创第4期", ROSTER);
        assertThat(lecturerIn("sz-gate-02").request("class.join", "classroomId", "sz-gate-02").path("code").asInt())
                .isEqualTo(200);
        server.submitAndApprove("sz-gate-02");
        WsTestClient lecturer = lecturerIn("sz-gate-02");
        assertThat(lecturer.ok("class.join", "classroomId", "sz-gate-02").path("classroom").path("name").asText())
                .isEqualTo("深圳网创第4期");
        lecturer.ok("session.start");
        lecturer.close();

        server.restart();
        WsTestClient again = lecturerIn("sz-gate-02");
        again.ok("class.join", "classroomId", "sz-gate-02");
        again.ok("session.start");
    }

    @Test
    void approvalIsRequiredByDefaultOutsideDevModeOnly() {
        assertThat(config().classes().requireApproval()).isFalse();
        assertThat(config("--auth.devMode=false", "--auth.hmacSecret=" + EnrolmentServer.SECRET).classes()
                .requireApproval()).isTrue();
        assertThat(config("--auth.devMode=false", "--auth.hmacSecret=" + EnrolmentServer.SECRET,
                "--classes.requireApproval=false").classes().requireApproval()).isFalse();
        assertThat(config("--classes.requireApproval=true").classes().requireApproval()).isTrue();
    }

    private static GatewayConfig config(String... args) {
        return GatewayConfig.load(Map.of(), List.of(args));
    }
}
