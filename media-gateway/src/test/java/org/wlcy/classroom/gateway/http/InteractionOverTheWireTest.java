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
 * Online Q&A and in-class exercises through the whole server (Netty, the router, the lanes, the
 * embedded trace store, the proctoring module's tab-switch lock), driven by scripted WebSocket
 * clients: every message and every refusal, and the deadline the server keeps by itself.
 */
class InteractionOverTheWireTest {
    private static final String SECRET = "interaction-over-the-wire-test-secret-0123";
    private static final ClassroomId CLASS = new ClassroomId("c-interact");
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();
    private WsTestClient lecturer;
    private WsTestClient t1;
    private WsTestClient t2;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--proctor.exerciseLockAfter=3"));
        gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
        lecturer = joined("l1", Role.LECTURER);
        t1 = joined("t1", Role.TRAINEE);
        t2 = joined("t2", Role.TRAINEE);
        lecturer.ok("session.start");
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

    private List<TraceEvent> stored(TraceKind kind) {
        return gateway.proctoring().store().read(CLASS, 0, 100_000).stream().filter(e -> e.kind() == kind).toList();
    }

    private static int code(JsonNode reply) {
        return reply.path("code").asInt();
    }

    private static java.util.function.Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    // ------------------------------------------------------------------ Q&A

    @Test
    void questionsVotesAndAnswers() {
        JsonNode asked = t1.ok("qa.ask", "text", "创业贷款怎么申请？").path("question");
        String q = asked.path("questionId").asText();
        assertThat(asked.path("state").asText()).isEqualTo("open");
        assertThat(asked.path("votes").asInt()).isZero();
        for (WsTestClient c : List.of(lecturer, t1, t2)) {
            JsonNode event = c.await("qa.question", type("qa.question"));
            assertThat(event.path("question").path("questionId").asText()).isEqualTo(q);
            assertThat(event.path("question").has("youVoted")).isFalse();
        }

        JsonNode voted = t2.ok("qa.vote", "questionId", q, "up", true).path("question");
        assertThat(voted.path("votes").asInt()).isEqualTo(1);
        assertThat(voted.path("youVoted").asBoolean()).isTrue();
        assertThat(t1.await("vote seen", m -> type("qa.question").test(m)
                && m.path("question").path("votes").asInt() == 1)).isNotNull();

        JsonNode own = t1.request("qa.vote", "questionId", q, "up", true);
        assertThat(code(own)).isEqualTo(304);
        assertThat(own.path("message").asText()).contains("own question");
        assertThat(code(t2.request("qa.vote", "questionId", "q-nope", "up", true))).isEqualTo(215);
        assertThat(code(t2.request("qa.mark", "questionId", q, "state", "answered"))).isEqualTo(304);
        assertThat(code(t2.request("qa.vote", "questionId", q))).as("up is required").isEqualTo(103);

        JsonNode marked = lecturer.ok("qa.mark", "questionId", q, "state", "answered", "answer", "向人社部门申请")
                .path("question");
        assertThat(marked.path("state").asText()).isEqualTo("answered");
        assertThat(marked.path("answeredBy").asText()).isEqualTo("l1");
        assertThat(t2.await("answered", m -> type("qa.question").test(m)
                && m.path("question").path("state").asText().equals("answered")).path("question").path("answer")
                .asText()).isEqualTo("向人社部门申请");

        String later = t2.ok("qa.ask", "text", "第二个问题").path("question").path("questionId").asText();
        JsonNode list = t2.ok("qa.list");
        assertThat(list.path("questions").get(0).path("questionId").asText()).as("most votes first").isEqualTo(q);
        assertThat(list.path("questions").get(0).path("youVoted").asBoolean()).isTrue();
        assertThat(list.path("questions").get(1).path("questionId").asText()).isEqualTo(later);

        assertThat(stored(TraceKind.QUESTION)).extracting(e -> e.userId().value()).containsExactly("t1", "t2");
        assertThat(stored(TraceKind.QA_VOTE)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("questionId", q).containsEntry("up", true));
    }

    @Test
    void questionsAreListedAfterTheLessonEnds() {
        String lesson = lecturer.await("session.started", type("session.started")).path("session").path("sessionId")
                .asText();
        t1.ok("qa.ask", "text", "下课前的问题");
        lecturer.ok("session.end");

        JsonNode list = t2.ok("qa.list");
        assertThat(list.path("sessionId").asText()).isEqualTo(lesson);
        assertThat(list.path("questions").size()).isEqualTo(1);
        assertThat(t2.ok("qa.list", "sessionId", lesson).path("questions").size()).isEqualTo(1);
        assertThat(code(t1.request("qa.ask", "text", "下课了"))).isEqualTo(202);
    }

    @Test
    void regulatorsReadTheQueueButDoNotWriteIt() {
        WsTestClient regulator = joined("r1", Role.REGULATOR);
        String q = t1.ok("qa.ask", "text", "问题").path("question").path("questionId").asText();

        assertThat(code(regulator.request("qa.ask", "text", "我也问"))).isEqualTo(304);
        assertThat(code(regulator.request("qa.vote", "questionId", q, "up", true))).isEqualTo(304);
        assertThat(regulator.ok("qa.list").path("questions").size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ exercises

    private JsonNode startSingle(int seconds) {
        return lecturer.ok("exercise.start", "kind", "single", "prompt", "哪一项是数字货币的底层技术？",
                "options", List.of("云计算", "区块链", "大数据"), "correct", List.of(1), "seconds", seconds)
                .path("exercise");
    }

    @Test
    void anExerciseFromStartToResults() {
        assertThat(code(t1.request("exercise.start", "kind", "truefalse", "prompt", "p", "correct", List.of(0),
                "seconds", 30))).as("a trainee cannot start an exercise").isEqualTo(304);
        assertThat(code(lecturer.request("exercise.start", "kind", "single", "prompt", "p", "options", List.of("a"),
                "correct", List.of(0), "seconds", 30))).isEqualTo(103);

        JsonNode exercise = startSingle(600);
        String id = exercise.path("exerciseId").asText();
        assertThat(exercise.path("points").asInt()).isEqualTo(10);
        JsonNode started = t1.await("exercise.started", type("exercise.started")).path("exercise");
        assertThat(started.path("exerciseId").asText()).isEqualTo(id);
        assertThat(started.has("correct")).as("never the key").isFalse();
        assertThat(Instant.parse(started.path("deadline").asText()))
                .isEqualTo(Instant.parse(started.path("startedAt").asText()).plusSeconds(600));
        assertThat(started.path("serverTime").asText()).isNotEmpty();
        assertThat(code(lecturer.request("exercise.start", "kind", "truefalse", "prompt", "p", "correct", List.of(0),
                "seconds", 30))).as("one at a time").isEqualTo(220);

        JsonNode ok = t1.ok("exercise.answer", "exerciseId", id, "choices", List.of(1));
        assertThat(ok.path("acceptedAt").asText()).isNotEmpty();
        JsonNode twice = t1.request("exercise.answer", "exerciseId", id, "choices", List.of(0));
        assertThat(code(twice)).isEqualTo(219);
        assertThat(code(t1.request("exercise.answer", "exerciseId", "ex-nope", "choices", List.of(0))))
                .isEqualTo(216);
        assertThat(code(lecturer.request("exercise.answer", "exerciseId", id, "choices", List.of(1))))
                .isEqualTo(304);
        assertThat(code(t2.request("exercise.answer", "exerciseId", id, "text", "区块链"))).isEqualTo(103);
        JsonNode tally = lecturer.await("tally",
                m -> type("exercise.tally").test(m) && m.path("answered").asInt() == 1);
        assertThat(tally.path("expected").asInt()).isEqualTo(2);
        assertThat(tally.path("counts").toString()).isEqualTo("[0,1,0]");
        assertThat(tally.path("answers").get(0).path("correct").asBoolean()).isTrue();
        assertThat(code(t1.request("exercise.close", "exerciseId", id))).isEqualTo(304);

        assertThat(lecturer.ok("exercise.close", "exerciseId", id).path("exerciseId").asText()).isEqualTo(id);
        JsonNode closed = t2.await("exercise.closed", type("exercise.closed"));
        assertThat(closed.path("correct").toString()).isEqualTo("[1]");
        assertThat(closed.path("reason").asText()).isEqualTo("lecturer");
        assertThat(closed.path("answered").asInt()).isEqualTo(1);
        assertThat(closed.path("expected").asInt()).isEqualTo(2);
        assertThat(closed.path("correctRate").asDouble()).isEqualTo(1.0);
        JsonNode mine = t1.await("exercise.result", type("exercise.result"));
        assertThat(mine.path("yours").path("correct").asBoolean()).isTrue();
        assertThat(mine.path("yours").path("score").asInt()).isEqualTo(10);
        JsonNode theirs = t2.await("exercise.result", type("exercise.result"));
        assertThat(theirs.get("yours").isNull()).isTrue();

        JsonNode late = t2.request("exercise.answer", "exerciseId", id, "choices", List.of(1));
        assertThat(code(late)).isEqualTo(217);
        assertThat(stored(TraceKind.EXERCISE_LATE)).singleElement()
                .satisfies(e -> assertThat(e.userId().value()).isEqualTo("t2"));
        assertThat(stored(TraceKind.EXERCISE_ANSWER)).singleElement().satisfies(e -> {
            assertThat(e.userId().value()).isEqualTo("t1");
            assertThat(e.data()).containsEntry("exerciseId", id).containsEntry("correct", true)
                    .containsEntry("score", 10L).containsKey("latencyMs");
        });
        assertThat(stored(TraceKind.EXERCISE_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.userId().value()).isEqualTo("l1"));
        assertThat(stored(TraceKind.EXERCISE_CLOSED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("reason", "lecturer"));

        JsonNode all = lecturer.ok("exercise.list").path("exercises");
        assertThat(all.size()).isEqualTo(1);
        assertThat(all.get(0).path("answers").size()).isEqualTo(1);
        assertThat(code(joined("r1", Role.REGULATOR).request("exercise.list"))).isEqualTo(304);
        JsonNode own = t1.ok("exercise.list").path("exercises").get(0);
        assertThat(own.path("yours").path("score").asInt()).isEqualTo(10);
        assertThat(own.has("answers")).isFalse();
    }

    @Test
    void theServerClosesTheExerciseAtItsDeadlineAndRefusesWhatComesAfter() {
        String id = startSingle(10).path("exerciseId").asText();
        t1.ok("exercise.answer", "exerciseId", id, "choices", List.of(2));

        JsonNode closed = t2.await("exercise.closed by the deadline", type("exercise.closed"), Duration.ofSeconds(20));
        assertThat(closed.path("reason").asText()).isEqualTo("deadline");
        assertThat(closed.path("correctRate").asDouble()).isZero();
        assertThat(t1.await("result", type("exercise.result")).path("yours").path("correct").asBoolean()).isFalse();

        JsonNode late = t2.request("exercise.answer", "exerciseId", id, "choices", List.of(1));
        assertThat(code(late)).isEqualTo(217);
        assertThat(late.path("message").asText()).contains("deadline");
        assertThat(stored(TraceKind.EXERCISE_LATE)).singleElement().satisfies(e -> {
            assertThat(e.userId().value()).isEqualTo("t2");
            assertThat((Long) e.data().get("lateMs")).isNotNegative();
        });
        assertThat(stored(TraceKind.EXERCISE_CLOSED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("reason", "deadline"));
    }

    @Test
    void aTraineeWhoSwitchedAwayThreeTimesIsLockedOutAndSeesWhy() {
        String id = startSingle(600).path("exerciseId").asText();
        List<Map<String, Object>> switches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            switches.add(Map.of("id", "h" + i, "kind", "focus.hidden", "data", Map.of()));
            switches.add(Map.of("id", "v" + i, "kind", "focus.visible", "data", Map.of()));
        }
        t1.ok("trace.append", "events", switches);
        assertThat(t1.await("third warning", m -> type("proctor.warning").test(m) && m.path("count").asInt() == 3)
                .path("limit").asInt()).isEqualTo(3);

        JsonNode locked = t1.request("exercise.answer", "exerciseId", id, "choices", List.of(1));
        assertThat(code(locked)).isEqualTo(218);
        assertThat(locked.path("error").asText()).isEqualTo("EXERCISE_LOCKED");
        assertThat(locked.path("message").asText()).contains("切屏 3 次");
        assertThat(t2.ok("exercise.answer", "exerciseId", id, "choices", List.of(1)).path("acceptedAt").asText())
                .isNotEmpty();
    }

    @Test
    void aTextExerciseIsScoredAgainstTheAcceptedAnswers() {
        String id = lecturer.ok("exercise.start", "kind", "text", "prompt", "ROI 的中文？", "correct",
                List.of("投资回报率"), "seconds", 60, "points", 5).path("exercise").path("exerciseId").asText();
        t1.ok("exercise.answer", "exerciseId", id, "text", " 投资回报率 ");
        t2.ok("exercise.answer", "exerciseId", id, "text", "投资收益");
        lecturer.ok("exercise.close", "exerciseId", id);

        assertThat(t1.await("result", type("exercise.result")).path("yours").path("score").asInt()).isEqualTo(5);
        assertThat(t2.await("result", type("exercise.result")).path("yours").path("score").asInt()).isZero();
        assertThat(t2.await("closed", type("exercise.closed")).path("correct").toString()).isEqualTo("[\"投资回报率\"]");
    }
}
