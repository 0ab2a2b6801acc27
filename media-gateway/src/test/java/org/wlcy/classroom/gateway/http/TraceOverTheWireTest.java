package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The learning trace through the whole server and the embedded store: acknowledged events survive
 * a restart, resent events are acknowledged without duplicates, tab switches reach the lecturers.
 */
class TraceOverTheWireTest {
    private static final String SECRET = "trace-over-the-wire-test-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-trace");
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final List<WsTestClient> clients = new java.util.ArrayList<>();

    private Gateway start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET));
        return Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private WsTestClient joined(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A",
                "110000", Instant.EPOCH), Duration.ofMinutes(10));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private static Map<String, Object> ev(String id, String kind) {
        return Map.of("id", id, "kind", kind, "data", Map.of());
    }

    private List<TraceEvent> stored() {
        return gateway.proctoring().store().read(CLASS, 0, 10_000);
    }

    @Test
    void acknowledgedEventsSurviveARestartAndResendsAreNotDuplicated() throws Exception {
        gateway = start();
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        JsonNode ack = trainee.ok("trace.append", "events", List.of(ev("pg-1", "focus.hidden"), ev("pg-2", "focus.visible")));
        assertThat(ack.path("acked").toString()).isEqualTo("[\"pg-1\",\"pg-2\"]");

        JsonNode wall = lecturer.await("wall with a switch",
                m -> m.path("type").asText().equals("proctor.state") && m.path("trainees").path(0).path("tabSwitches").asInt() == 1);
        assertThat(wall.path("trainees").path(0).path("userId").asText()).isEqualTo("t1");
        assertThat(trainee.awaitType("proctor.warning").path("count").asInt()).isEqualTo(1);

        clients.forEach(WsTestClient::close);
        clients.clear();
        gateway.close();
        gateway = start(); // same data folder: a server restart

        assertThat(stored()).filteredOn(e -> e.kind() == TraceKind.VISIBILITY_HIDDEN).hasSize(1);
        WsTestClient again = joined("t1", Role.TRAINEE);
        JsonNode reAck = again.ok("trace.append", "events", List.of(ev("pg-2", "focus.visible"), ev("pg-3", "presence.heartbeat")));
        assertThat(reAck.path("acked").size()).isEqualTo(2);
        List<TraceEvent> events = stored();
        assertThat(events).filteredOn(e -> e.eventId().equals("t1/pg-2")).hasSize(1);
        assertThat(events).filteredOn(e -> e.eventId().equals("t1/pg-3")).hasSize(1);
        assertThat(events).extracting(TraceEvent::index).doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.kind() == TraceKind.JOINED)
                .allSatisfy(e -> assertThat(e.data()).containsEntry("inst", "机构A").containsEntry("region", "110000"));
    }

    @Test
    void pagesCannotWriteWhatOnlyTheServerRecords() throws Exception {
        gateway = start();
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        JsonNode refused = trainee.request("trace.append", "events", List.of(ev("x", "attendance.sign-in")));
        assertThat(refused.path("code").asInt()).isEqualTo(103);
        assertThat(stored()).noneMatch(e -> e.kind() == TraceKind.SIGN_IN);
    }
}
