package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
 * Resuming over the real gateway: a trainee's TCP connection is cut without a close frame (a
 * network drop); its page comes back with the resume token and finds its presence, and what it
 * missed; nobody saw it leave. A page that comes back too late starts a new presence, and the
 * trace shows the gap.
 */
class ResumeOverTheWireTest {
    private static final String SECRET = "resume-over-the-wire-test-secret-0123456789abcdef";
    private static final ClassroomId CLASS = new ClassroomId("c-resume");
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();

    private void start(int graceSeconds) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--ws.resumeGraceSeconds=" + graceSeconds)), new FakeMediaServer(), java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private WsTestClient connect(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, Set.of(CLASS),
                "机构A", "110000", java.time.Instant.now()), Duration.ofHours(2));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        return c;
    }

    private List<TraceEvent> stored(TraceKind kind) {
        return gateway.proctoring().store().read(CLASS, 0, 100_000).stream().filter(e -> e.kind() == kind).toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(5), condition);
    }

    @Test
    void aDroppedPageComesBackToItsPresenceAndGetsWhatItMissed() throws Exception {
        start(30);
        WsTestClient lecturer = connect("l1", Role.LECTURER);
        lecturer.ok("class.join", "classroomId", CLASS.value());
        lecturer.ok("session.start");
        WsTestClient trainee = connect("t1", Role.TRAINEE);
        JsonNode first = trainee.ok("class.join", "classroomId", CLASS.value());
        String token = first.path("resumeToken").asText();
        assertThat(token).isNotBlank();
        lecturer.awaitType("participant.joined");

        trainee.abort();
        await("the server noticed the drop", () -> stored(TraceKind.PRESENCE_SUSPENDED).size() == 1);
        JsonNode missed = lecturer.ok("chat.send", "text", "t1 还在吗？", "to", "class").path("message");

        WsTestClient back = connect("t1", Role.TRAINEE);
        JsonNode again = back.ok("class.join", "classroomId", CLASS.value(), "resumeToken", token);

        assertThat(again.path("resumed").asBoolean()).isTrue();
        assertThat(again.path("you").path("participantId").asText())
                .isEqualTo(first.path("you").path("participantId").asText());
        assertThat(again.path("resumeToken").asText()).isNotEqualTo(token);
        assertThat(back.awaitType("chat.message").path("message")).as("held while away").isEqualTo(missed);
        assertThat(back.awaitType("chat.history").path("messages")).contains(missed);
        lecturer.ok("ping");
        assertThat(lecturer.unmatched()).as("the lecturer never saw the trainee leave or join again")
                .noneMatch(m -> m.path("type").asText().startsWith("participant."));
        await("the return is on the record", () -> stored(TraceKind.PRESENCE_RESUMED).size() == 1);
        assertThat(stored(TraceKind.JOINED)).extracting(e -> e.userId().value()).containsExactly("l1", "t1");
        assertThat(stored(TraceKind.LEFT)).isEmpty();
    }

    @Test
    void tooLateAPageStartsANewPresenceAndTheTraceShowsTheGap() throws Exception {
        start(1);
        WsTestClient lecturer = connect("l1", Role.LECTURER);
        lecturer.ok("class.join", "classroomId", CLASS.value());
        WsTestClient trainee = connect("t1", Role.TRAINEE);
        JsonNode first = trainee.ok("class.join", "classroomId", CLASS.value());

        trainee.abort();
        JsonNode left = lecturer.await("participant.left after the grace period",
                m -> m.path("type").asText().equals("participant.left"), Duration.ofSeconds(5));
        assertThat(left.path("reason").asText()).isEqualTo("SIGNAL_TIMEOUT");

        WsTestClient back = connect("t1", Role.TRAINEE);
        JsonNode again = back.ok("class.join", "classroomId", CLASS.value(), "resumeToken",
                first.path("resumeToken").asText());

        assertThat(again.path("resumed").asBoolean()).isFalse();
        assertThat(again.path("you").path("participantId").asText())
                .isNotEqualTo(first.path("you").path("participantId").asText());
        await("the new presence is on the record", () -> stored(TraceKind.JOINED).size() == 3);
        assertThat(stored(TraceKind.PRESENCE_SUSPENDED)).hasSize(1);
        assertThat(stored(TraceKind.LEFT)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("reason", "SIGNAL_TIMEOUT"));
    }
}
