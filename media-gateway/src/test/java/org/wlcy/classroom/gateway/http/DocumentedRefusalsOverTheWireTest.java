package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Refusals that docs/protocol.md lists and that no other wire test shows as the doc words them:
 * a regulator's (or admin's) {@code trace.append} (304), a second leave request for one date (103,
 * naming the request it collides with; a new one may follow a rejection), and the lesson's events.
 */
class DocumentedRefusalsOverTheWireTest {
    private static final String SECRET = "documented-refusals-test-secret-0123456789abcdef";
    private static final String CLASS = "c-doc";
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        gateway.close();
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(gateway.port(), gateway.tokens().issue(new Identity(new UserId(user),
                "n-" + user, role, Set.of(new ClassroomId(CLASS)), "机构A", "110000", Instant.EPOCH),
                Duration.ofMinutes(30)), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS);
        return c;
    }

    @Test
    void regulatorsAndAdminsWriteNoTrace() {
        List<Map<String, Object>> events = List.of(Map.of("id", "e1", "kind", "focus.hidden", "data", Map.of()));
        for (Role role : List.of(Role.REGULATOR, Role.ADMIN)) {
            JsonNode refused = joined("x-" + role.wire(), role).request("trace.append", "events", events);
            assertThat(refused.path("code").asInt()).as(role.wire()).isEqualTo(304);
        }
    }

    @Test
    void aSecondLeaveForOneDateIsRefusedWith103UntilTheFirstIsRejected() {
        WsTestClient lecturer = joined("l01", Role.LECTURER);
        WsTestClient trainee = joined("t01", Role.TRAINEE);
        // Days inside the accepted window (30 days back to 180 ahead), whatever the date the test runs.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        String day1 = today.plusDays(3).toString();
        String day2 = today.plusDays(4).toString();
        String first = trainee.ok("leave.request", "hours", 2, "reason", "家中有事", "forDate", day1)
                .path("leave").path("leaveId").asText();
        JsonNode again = trainee.request("leave.request", "hours", 1, "reason", "还是有事", "forDate", day1);
        assertThat(again.path("code").asInt()).isEqualTo(103);
        assertThat(again.path("message").asText()).isEqualTo("forDate: 本节课已有请假申请 " + first + "（课程 " + day1 + "） / leave request "
                + first + " already covers lesson " + day1);
        trainee.ok("leave.request", "hours", 1, "reason", "另一天", "forDate", day2);
        lecturer.ok("leave.decide", "leaveId", first, "approved", false);
        assertThat(lecturer.request("leave.decide", "leaveId", first, "approved", true).path("code").asInt())
                .as("decided already").isEqualTo(103);
        trainee.ok("leave.request", "hours", 1, "reason", "还是有事", "forDate", day1);
    }

    @Test
    void theLessonsEventsAreAsInTheDoc() {
        WsTestClient lecturer = joined("l01", Role.LECTURER);
        WsTestClient trainee = joined("t01", Role.TRAINEE);
        JsonNode session = lecturer.ok("session.start").path("session");
        JsonNode started = trainee.awaitType("session.started");
        assertThat(started.path("session")).isEqualTo(session);
        assertThat(started.path("session").path("state").asText()).isEqualTo("live");
        assertThat(started.path("session").path("endedAt").isNull()).isTrue();
        JsonNode ended = lecturer.ok("session.end").path("session");
        JsonNode endedEvent = trainee.awaitType("session.ended");
        assertThat(endedEvent.path("session")).isEqualTo(ended);
        assertThat(endedEvent.path("endedBy").asText()).isEqualTo("l01");
        assertThat(ended.path("state").asText()).isEqualTo("ended");
        assertThat(ended.path("startedBy").asText()).isEqualTo("l01");
        assertThat(ended.fieldNames()).toIterable().containsExactly("sessionId", "classroomId", "state", "startedAt",
                "startedBy", "endedAt");
    }
}
