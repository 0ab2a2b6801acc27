package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ProtocolSamples;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** The regulator desk over HTTP, and a regulator's powerlessness over the WebSocket. */
class RegulatorDeskTest {
    private static final String SECRET = "regulator-desk-test-secret-0123456789abcdef";
    private static final ClassroomId CLASS = new ClassroomId("c-reg");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WsTestClient> clients = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET)), new FakeMediaServer(), Clock.systemUTC());
        WsTestClient lecturer = joined("l1", Role.LECTURER, "110000");
        lecturer.ok("session.start");
        WsTestClient trainee = joined("t1", Role.TRAINEE, "110000");
        trainee.ok("attendance.signin", "method", "click");
        trainee.ok("trace.append", "events", List.of(Map.of("id", "a", "kind", "focus.hidden", "data", Map.of()),
                Map.of("id", "b", "kind", "focus.visible", "data", Map.of())));
        String exerciseId = lecturer.ok("exercise.start", "kind", "single", "prompt", "1+1=?", "options",
                List.of("1", "2"), "correct", List.of(1), "seconds", 60, "points", 10)
                .path("exercise").path("exerciseId").asText();
        trainee.ok("exercise.answer", "exerciseId", exerciseId, "choices", List.of(1));
        lecturer.ok("session.end");
        awaitTrace("the lesson's end and the warning are stored", () -> trace().stream()
                .filter(e -> e.kind() == TraceKind.SESSION_ENDED || e.kind() == TraceKind.TAB_SWITCH_WARNING
                        || e.kind() == TraceKind.EXERCISE_ANSWER).count() == 3);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        gateway.close();
    }

    private String token(String user, Role role, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A", region,
                Instant.EPOCH), Duration.ofMinutes(10));
    }

    private WsTestClient joined(String user, Role role, String region) {
        WsTestClient c = WsTestClient.connect(gateway.port(), token(user, role, region), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitTrace(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(5), condition);
    }

    private List<TraceEvent> trace() {
        return gateway.proctoring().store().read(CLASS, 0, 100_000);
    }

    @Test
    void overviewClassTimelineAndCsvShowTheClassesFigures() throws Exception {
        String reg = token("r1", Role.REGULATOR, "110000");
        JsonNode overview = JSON.readTree(get("/api/regulator/overview", reg).body());
        JsonNode row = overview.path("classes").get(0);
        assertThat(row.path("classroomId").asText()).isEqualTo("c-reg");
        assertThat(row.path("institution").asText()).isEqualTo("机构A");
        assertThat(row.path("region").asText()).isEqualTo("110000");
        assertThat(row.path("lessons").asInt()).isEqualTo(1);
        assertThat(row.path("trainees").asInt()).isEqualTo(1);
        assertThat(row.path("tabSwitches").asInt()).isEqualTo(1);
        assertThat(overview.path("byInstitution").get(0).path("key").asText()).isEqualTo("机构A");

        JsonNode detail = JSON.readTree(get("/api/regulator/classes/c-reg", reg).body());
        JsonNode t1 = detail.path("trainees").get(0);
        assertThat(t1.path("userId").asText()).isEqualTo("t1");
        assertThat(t1.path("signedIn").asInt()).isEqualTo(1);
        assertThat(t1.path("exercisePoints").asLong()).as("exercise scores reach the desk").isEqualTo(10);
        assertThat(t1.path("exerciseScoreRate").asDouble()).isEqualTo(1.0);
        assertThat(row.path("exerciseScoreRate").asDouble()).isEqualTo(1.0);
        assertThat(t1.path("reasons").isArray()).isTrue();

        JsonNode timeline = JSON.readTree(get("/api/regulator/classes/c-reg/trainees/t1/timeline", reg).body());
        assertThat(timeline.path("events").findValuesAsText("kind"))
                .contains("presence.joined", "attendance.sign-in", "focus.hidden", "focus.warning");
        assertThat(timeline.path("lessons")).hasSize(1);

        HttpResponse<String> csv = get("/api/regulator/classes/c-reg/export.csv", reg);
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/csv"));
        assertThat(csv.body()).startsWith("\uFEFF").contains("\r\nt1,n-t1,1,");

        assertThat(trace()).filteredOn(e -> e.kind() == TraceKind.REGULATOR_READ)
                .as("every read is on the record").hasSize(4)
                .allSatisfy(e -> assertThat(e.userId().value()).isEqualTo("r1"))
                .extracting(e -> e.data().get("what")).containsExactly("overview", "class", "timeline", "csv");
    }

    @Test
    void onlyRegulatorsOfTheRegionMayRead() throws Exception {
        HttpResponse<String> trainee = get("/api/regulator/overview", token("t1", Role.TRAINEE, "110000"));
        assertThat(trainee.statusCode()).isEqualTo(403);
        assertThat(trainee.body()).contains("\"code\":304");
        String elsewhere = token("r9", Role.REGULATOR, "310000");
        assertThat(JSON.readTree(get("/api/regulator/overview", elsewhere).body()).path("classes")).isEmpty();
        HttpResponse<String> refused = get("/api/regulator/classes/c-reg", elsewhere);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":303");
        assertThat(get("/api/regulator/overview?from=yesterday", token("r1", Role.REGULATOR, "110000")).body())
                .contains("\"code\":103");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                        + "/api/regulator/overview")).header("Authorization", "Bearer " + token("r1", Role.REGULATOR,
                        "110000")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theTimelineOfSomeoneWhoIsNoTraineeOfTheClassIs404() throws Exception {
        String reg = token("r1", Role.REGULATOR, "110000");
        long readsBefore = trace().stream().filter(e -> e.kind() == TraceKind.REGULATOR_READ).count();
        for (String nobody : List.of("t99", "l1")) {
            HttpResponse<String> r = get("/api/regulator/classes/c-reg/trainees/" + nobody + "/timeline", reg);
            assertThat(r.statusCode()).as(nobody).isEqualTo(404);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.path("code").asInt()).isEqualTo(209);
            assertThat(body.path("error").asText()).isEqualTo("TRAINEE_NOT_FOUND");
            assertThat(body.path("message").asText()).contains(nobody, "c-reg");
        }
        assertThat(get("/api/regulator/classes/c-reg/trainees/t1/timeline", reg).statusCode()).isEqualTo(200);
        assertThat(trace().stream().filter(e -> e.kind() == TraceKind.REGULATOR_READ).count())
                .as("only the read that returned something is on the record").isEqualTo(readsBefore + 1);
    }

    /** Every request type, sent by a regulator present in the class: nothing they send changes anything. */
    @Test
    void aRegulatorCanChangeNothing() {
        Set<String> readOnly = Set.of("class.join", "class.leave", "ping", "media.subscribe", "media.answer",
                "media.unsubscribe", "media.trickle", "qa.list", "danmaku.list");
        WsTestClient regulator = joined("r1", Role.REGULATOR, "110000");
        ProtocolCodec codec = new ProtocolCodec();
        awaitTrace("the regulator's own join is on the record", () -> trace().stream()
                .anyMatch(e -> e.kind() == TraceKind.JOINED && e.userId().value().equals("r1")));
        long before = trace().stream().filter(e -> e.kind() != TraceKind.REGULATOR_READ).count();
        for (Map.Entry<String, ClientMessage> sample : ProtocolSamples.client().entrySet()) {
            String type = sample.getKey();
            if (type.equals("class.join") || type.equals("class.leave")) {
                continue;
            }
            regulator.sendRaw(codec.encodeRequest(sample.getValue()));
            String rid = sample.getValue().requestId();
            JsonNode reply = regulator.await("reply to " + type, m -> rid.equals(m.path("requestId").asText(null)));
            if (readOnly.contains(type)) {
                continue;
            }
            assertThat(reply.path("type").asText()).as(type + " is refused").isEqualTo("error");
            assertThat(reply.path("code").asInt()).as(type + " refused for the role or finding nothing of theirs")
                    .isIn(304, 204, 205);
        }
        long after = trace().stream().filter(e -> e.kind() != TraceKind.REGULATOR_READ).count();
        assertThat(after).as("no trace written by a regulator's requests").isEqualTo(before);
    }
}
