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
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Breakout groups, raised hands and speaking turns through the whole server (real port, scripted
 * WebSocket clients, fake media server, embedded trace store): every message, every refusal, and
 * what lands in the trace.
 */
class BreakoutOverTheWireTest {
    private static final String SECRET = "breakout-over-the-wire-test-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-breakout");
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
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
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--interaction.maxSpeakers=1",
                "--proctor.faceChecks=false"));
        gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        gateway.close();
    }

    private WsTestClient joined(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A",
                "110000", Instant.EPOCH), Duration.ofMinutes(10));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private static void refused(WsTestClient c, int code, String type, Object... fields) {
        JsonNode reply = c.request(type, fields);
        assertThat(reply.path("type").asText()).as(type + " -> " + reply).isEqualTo("error");
        assertThat(reply.path("code").asInt()).as(type + " -> " + reply).isEqualTo(code);
    }

    private List<TraceEvent> trace(TraceKind kind) {
        return gateway.proctoring().store().read(CLASS, 0, 10_000).stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void aBreakoutOverTheWire() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient t1 = joined("t1", Role.TRAINEE);
        WsTestClient t2 = joined("t2", Role.TRAINEE);
        WsTestClient regulator = joined("g1", Role.REGULATOR);
        Map<String, Object> assignment = Map.of("t1", 0, "t2", 1);

        refused(lecturer, 202, "breakout.start", "groups", 2, "mode", "manual", "assignment", assignment,
                "minutes", 10);
        lecturer.ok("session.start");
        JsonNode camera = lecturer.ok("media.publish", "kind", "camera", "sdp", OFFER);
        t1.await("the lecturer's camera", m -> m.path("type").asText().equals("stream.published"));
        refused(t1, 304, "breakout.start", "groups", 2, "mode", "random", "minutes", 10);
        refused(regulator, 304, "breakout.start", "groups", 2, "mode", "random", "minutes", 10);
        refused(lecturer, 103, "breakout.start", "groups", 12, "mode", "random", "minutes", 10);
        refused(lecturer, 222, "breakout.recall");
        refused(t1, 224, "media.publish", "kind", "camera", "sdp", OFFER);

        JsonNode started = lecturer.ok("breakout.start", "groups", 2, "mode", "manual", "assignment", assignment,
                "minutes", 10, "names", List.of("甲组", "乙组"));
        JsonNode b = started.path("breakout");
        String g0 = b.path("groups").path(0).path("groupId").asText();
        String g1 = b.path("groups").path(1).path("groupId").asText();
        assertThat(b.path("groups").path(0).path("members").toString()).isEqualTo("[\"t1\"]");
        assertThat(t1.awaitType("breakout.started").path("breakout")).isEqualTo(b);
        JsonNode gone = t1.await("the main camera leaves the grouped trainee",
                m -> m.path("type").asText().equals("stream.unpublished"));
        assertThat(gone.path("streamId").asText()).isEqualTo(camera.path("streamId").asText());
        assertThat(gone.path("reason").asText()).isEqualTo("ROOM_CHANGED");
        refused(lecturer, 221, "breakout.start", "groups", 2, "mode", "random", "minutes", 10);

        JsonNode t1Camera = t1.ok("media.publish", "kind", "camera", "sdp", OFFER);
        refused(t2, 204, "media.subscribe", "streamId", t1Camera.path("streamId").asText());
        refused(t1, 224, "media.publish", "kind", "camera", "sdp", OFFER, "groupId", g1);
        refused(lecturer, 224, "media.publish", "kind", "camera", "sdp", OFFER, "groupId", g0);

        JsonNode extended = lecturer.ok("breakout.extend", "minutes", 5);
        assertThat(Instant.parse(extended.path("breakout").path("endsAt").asText()))
                .isEqualTo(Instant.parse(b.path("endsAt").asText()).plus(Duration.ofMinutes(5)));
        t2.awaitType("breakout.updated");

        lecturer.ok("breakout.broadcast", "text", "还有5分钟");
        JsonNode broadcast = t2.awaitType("breakout.broadcast");
        assertThat(broadcast.path("text").asText()).isEqualTo("还有5分钟");
        assertThat(broadcast.path("from").asText()).isEqualTo("l1");

        refused(lecturer, 223, "breakout.visit", "groupId", "g-none");
        refused(t1, 304, "breakout.visit", "groupId", g0);
        JsonNode visit = lecturer.ok("breakout.visit", "groupId", g0);
        assertThat(visit.path("breakout").path("groups").path(0).path("visitors").toString()).isEqualTo("[\"l1\"]");
        JsonNode seen = lecturer.await("the visitor is told of the group's camera",
                m -> m.path("type").asText().equals("stream.published")
                        && m.path("stream").path("groupId").asText().equals(g0));
        assertThat(seen.path("stream").path("userId").asText()).isEqualTo("t1");
        lecturer.ok("media.publish", "kind", "camera", "sdp", OFFER, "groupId", g0);
        assertThat(t1.await("the visitor's camera", m -> m.path("type").asText().equals("stream.published"))
                .path("stream").path("userId").asText()).isEqualTo("l1");

        lecturer.ok("breakout.notes", "groupId", g0, "text", "讲师：注意成本");
        refused(t2, 304, "breakout.notes", "groupId", g0, "text", "x");
        t1.ok("breakout.notes", "groupId", g0, "text", "目标客户：社区宝妈");
        JsonNode notes = lecturer.await("the lecturer sees the group's notes",
                m -> m.path("type").asText().equals("breakout.notes") && m.path("by").asText().equals("t1"));
        assertThat(notes.path("text").asText()).isEqualTo("目标客户：社区宝妈");

        refused(lecturer, 103, "breakout.move", "userId", "nobody", "groupId", g1);
        JsonNode moved = lecturer.ok("breakout.move", "userId", "t1", "groupId", g1);
        assertThat(moved.path("breakout").path("groups").path(1).path("members").toString())
                .isEqualTo("[\"t2\",\"t1\"]");
        JsonNode ownGone = t1.await("t1's group camera ended by the move",
                m -> m.path("type").asText().equals("stream.unpublished")
                        && m.path("streamId").asText().equals(t1Camera.path("streamId").asText()));
        assertThat(ownGone.path("reason").asText()).isEqualTo("ROOM_CHANGED");

        JsonNode recalled = lecturer.ok("breakout.recall");
        assertThat(recalled.path("breakoutId").asText()).isEqualTo(b.path("breakoutId").asText());
        JsonNode ended = t2.awaitType("breakout.ended");
        assertThat(ended.path("reason").asText()).isEqualTo("recalled");
        assertThat(ended.path("notes").path(0).path("text").asText()).isEqualTo("目标客户：社区宝妈");
        JsonNode back = t2.await("the main camera is back", m -> m.path("type").asText().equals("stream.published")
                && m.path("stream").path("streamId").asText().equals(camera.path("streamId").asText()));
        assertThat(back.path("stream").has("groupId")).isTrue();
        assertThat(back.path("stream").path("groupId").isNull()).isTrue();
        t2.ok("media.subscribe", "streamId", camera.path("streamId").asText());
        refused(lecturer, 222, "breakout.extend", "minutes", 5);
        refused(lecturer, 222, "breakout.move", "userId", "t1", "groupId", g1);

        // recorded without holding the reply back (trace.record): wait until it is stored
        org.wlcy.classroom.testing.Await.until("the moves and the recall are in the trace", Duration.ofSeconds(5),
                () -> trace(TraceKind.BREAKOUT_JOINED).size() >= 3);
        assertThat(trace(TraceKind.BREAKOUT_JOINED)).extracting(e -> e.userId().value(), e -> e.data().get("reason"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("t1", "moved"),
                        org.assertj.core.groups.Tuple.tuple("t1", "recalled"),
                        org.assertj.core.groups.Tuple.tuple("t2", "recalled"));
        assertThat(trace(TraceKind.BREAKOUT_NOTES)).extracting(e -> e.data().get("text"))
                .containsExactlyInAnyOrder("讲师：注意成本", "目标客户：社区宝妈");
    }

    @Test
    void raisingHandsAndSpeakingOverTheWire() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient t1 = joined("t1", Role.TRAINEE);
        WsTestClient t2 = joined("t2", Role.TRAINEE);

        refused(t1, 202, "hand.raise", "raised", true);
        lecturer.ok("session.start");
        refused(lecturer, 304, "hand.raise", "raised", true);
        assertThat(t1.ok("hand.raise", "raised", true).path("raised").asBoolean()).isTrue();
        JsonNode hand = lecturer.awaitType("hand.changed");
        assertThat(hand.path("userId").asText()).isEqualTo("t1");
        assertThat(hand.path("raised").asBoolean()).isTrue();

        refused(t2, 304, "speak.invite", "userId", "t1");
        String turn = lecturer.ok("speak.invite", "userId", "t1").path("turnId").asText();
        refused(lecturer, 208, "speak.invite", "userId", "t2");
        JsonNode invited = t1.awaitType("speak.invited");
        assertThat(invited.path("turnId").asText()).isEqualTo(turn);
        assertThat(invited.path("by").asText()).isEqualTo("l1");
        refused(t2, 224, "speak.accept", "turnId", turn);
        refused(t1, 224, "media.publish", "kind", "camera", "sdp", OFFER);

        JsonNode accepted = t1.ok("speak.accept", "turnId", turn);
        assertThat(accepted.path("turn").path("userId").asText()).isEqualTo("t1");
        JsonNode startedEvent = t2.awaitType("speak.started");
        assertThat(startedEvent.path("turn")).isEqualTo(accepted.path("turn"));
        assertThat(lecturer.await("the hand goes down", m -> m.path("type").asText().equals("hand.changed")
                && !m.path("raised").asBoolean()).path("userId").asText()).isEqualTo("t1");
        JsonNode camera = t1.ok("media.publish", "kind", "camera", "sdp", OFFER);
        JsonNode published = t2.await("the speaker's camera", m -> m.path("type").asText().equals("stream.published"));
        assertThat(published.path("stream").path("userId").asText()).isEqualTo("t1");
        refused(t1, 304, "media.publish", "kind", "screen", "sdp", OFFER);
        refused(t1, 206, "media.publish", "kind", "camera", "sdp", OFFER);
        refused(lecturer, 103, "speak.end", "turnId", "turn-none");
        refused(t2, 224, "speak.end", "turnId", turn);

        lecturer.ok("speak.end", "turnId", turn);
        JsonNode endedEvent = t2.awaitType("speak.ended");
        assertThat(endedEvent.path("turnId").asText()).isEqualTo(turn);
        assertThat(endedEvent.path("endedBy").asText()).isEqualTo("l1");
        assertThat(endedEvent.path("reason").asText()).isEqualTo("ended");
        JsonNode gone = t2.await("the speaker's camera ends", m -> m.path("type").asText().equals("stream.unpublished"));
        assertThat(gone.path("streamId").asText()).isEqualTo(camera.path("streamId").asText());
        assertThat(gone.path("reason").asText()).isEqualTo("TURN_ENDED");
        refused(t1, 224, "media.publish", "kind", "camera", "sdp", OFFER);

        lecturer.ok("breakout.start", "groups", 2, "mode", "random", "minutes", 10);
        refused(lecturer, 221, "speak.invite", "userId", "t2");

        assertThat(trace(TraceKind.HAND_RAISED)).extracting(e -> e.data().get("raised")).containsExactly(true, false);
        assertThat(trace(TraceKind.SPEAK_TURN)).singleElement().satisfies(e -> {
            assertThat(e.userId().value()).isEqualTo("t1");
            assertThat(e.data()).containsKeys("startedAt", "endedAt").containsEntry("turnId", turn)
                    .containsEntry("endedBy", "l1");
        });
    }
}
