package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The whole server on a real port with a scripted WebSocket client and a fake media server: auth
 * refusals at the upgrade, bad frames, Art. 7 limits, duplicate joins, role refusals, and the
 * lesson's signalling. Media itself is covered by the real Janus end-to-end test.
 */
class GatewayServerTest {
    private static final String SECRET = "gateway-server-test-secret-0123456789abcdef";
    private static final String CLASS = "c-test";
    @TempDir
    Path dataDir;
    private FakeMediaServer media;
    private Gateway gateway;
    private int port;
    private String origin;
    private final List<WsTestClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        media = new FakeMediaServer();
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + freePort(),
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--classes.acceptFromTokens=true"));
        gateway = Gateway.start(config, media, Clock.systemUTC());
        port = gateway.port();
        origin = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        gateway.close();
    }

    private String token(String user, Role role, Duration ttl, String... classes) {
        Set<ClassroomId> ids = new java.util.LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, "inst", "110000",
                Instant.EPOCH), ttl);
    }

    private WsTestClient connect(String user, Role role) {
        WsTestClient c = WsTestClient.connect(port, token(user, role, Duration.ofMinutes(10), CLASS), origin);
        clients.add(c);
        return c;
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = connect(user, role);
        c.ok("class.join", "classroomId", CLASS);
        return c;
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ HTTP

    @Test
    void probesReportLivenessAndMediaReadiness() throws Exception {
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
        media.goDown("test");
        HttpResponse<String> down = get("/readyz", null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"media\":\"down\"");
        media.comeBack();
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAreServedAndNothingOutsideThem() throws Exception {
        HttpResponse<String> index = get("/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        assertThat(get("/trainee.html", null).body()).contains("session-state");
        assertThat(get("/js/classroom-client.js", null).headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(get("/../pom.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/logback.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/nope.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void whoamiExplainsTokenProblems() throws Exception {
        HttpResponse<String> ok = get("/api/whoami", token("t1", Role.TRAINEE, Duration.ofMinutes(5), CLASS));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"userId\":\"t1\"", "\"role\":\"trainee\"", CLASS);
        HttpResponse<String> expired = get("/api/whoami", token("t1", Role.TRAINEE, Duration.ofMinutes(-5), CLASS));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("\"code\":301", "TOKEN_EXPIRED");
        assertThat(get("/api/whoami", null).body()).contains("\"code\":300");
    }

    @Test
    void devIssuerMakesTokensThatWork() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dev/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sub\":\"t9\",\"name\":\"赵六\",\"role\":\"trainee\",\"classes\":[\"c-test\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        String token = res.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(get("/api/whoami", token).body()).contains("赵六");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dev/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"t9\",\"role\":\"emperor\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":103");
    }

    // ------------------------------------------------------------------ upgrade refusals

    @Test
    void upgradeWithoutTokenIsRefused() throws Exception {
        WsTestClient.Refusal r = WsTestClient.rawUpgrade(port, "/ws", origin);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("code").asInt()).isEqualTo(300);
    }

    @Test
    void upgradeWithExpiredTokenIsRefused() throws Exception {
        WsTestClient.Refusal r = WsTestClient.rawUpgrade(port,
                "/ws?token=" + token("t1", Role.TRAINEE, Duration.ofMinutes(-1), CLASS), origin);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("error").asText()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void upgradeWithForgedSignatureIsRefused() throws Exception {
        TokenService forger = new TokenService("not-the-secret-not-the-secret-not-the-secret".getBytes(),
                "wlcy-classroom", "x", Clock.systemUTC());
        String forged = forger.issue(new Identity(new UserId("t1"), "x", Role.LECTURER, Set.of(new ClassroomId(CLASS)),
                "", "", Instant.EPOCH), Duration.ofMinutes(5));
        WsTestClient.Refusal r = WsTestClient.rawUpgrade(port, "/ws?token=" + forged, origin);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("message").asText()).contains("signature");
    }

    @Test
    void upgradeFromForeignOriginIsRefused() throws Exception {
        WsTestClient.Refusal r = WsTestClient.rawUpgrade(port,
                "/ws?token=" + token("t1", Role.TRAINEE, Duration.ofMinutes(5), CLASS), "https://evil.example");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().path("code").asInt()).isEqualTo(302);
        WsTestClient.Refusal ok = WsTestClient.rawUpgrade(port,
                "/ws?token=" + token("t1", Role.TRAINEE, Duration.ofMinutes(5), CLASS), origin);
        assertThat(ok.status()).isEqualTo(101);
    }

    @Test
    void upgradeWithoutOriginIsRefusedUnlessAllowed() throws Exception {
        String t1 = "/ws?token=" + token("t1", Role.TRAINEE, Duration.ofMinutes(5), CLASS);
        WsTestClient.Refusal r = WsTestClient.rawUpgrade(port, t1, null);
        assertThat(r.status()).as("browsers always send Origin; by default a client must too").isEqualTo(403);
        assertThat(r.body().path("code").asInt()).isEqualTo(302);
        assertThat(r.body().path("message").asText()).contains("Origin", "http.allowMissingOrigin");

        GatewayConfig partners = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + freePort(), "--data.dir=" + dataDir.resolve("partners"), "--auth.hmacSecret=" + SECRET,
                "--classes.acceptFromTokens=true", "--http.allowMissingOrigin=true"));
        try (Gateway other = Gateway.start(partners, new FakeMediaServer(), Clock.systemUTC())) {
            assertThat(WsTestClient.rawUpgrade(other.port(), t1, null).status())
                    .as("allowed for non-browser clients by the setting").isEqualTo(101);
            WsTestClient.Refusal foreign = WsTestClient.rawUpgrade(other.port(), t1, "https://evil.example");
            assertThat(foreign.status()).as("a foreign Origin is still refused").isEqualTo(403);
        }
    }

    // ------------------------------------------------------------------ bad frames

    @Test
    void badFramesGetCodedErrorsAndTheConnectionGoesOn() {
        WsTestClient c = joined("t1", Role.TRAINEE);
        c.sendRaw("{not json");
        assertThat(c.awaitType("error").path("code").asInt()).isEqualTo(100);
        c.sendRaw("[1,2]");
        assertThat(c.awaitType("error").path("code").asInt()).isEqualTo(100);
        c.sendRaw("{\"type\":\"ping\",\"requestId\":\"a\",\"requestId\":\"b\"}");
        assertThat(c.awaitType("error").path("code").asInt()).isEqualTo(100);
        JsonNode unknown = c.request("quiz.cheat");
        assertThat(unknown.path("code").asInt()).isEqualTo(101);
        assertThat(unknown.path("requestId").asText()).startsWith("r");
        JsonNode invalid = c.request("media.subscribe", "streamId", 42);
        assertThat(invalid.path("code").asInt()).isEqualTo(103);
        c.sendRaw("{\"type\":\"ping\",\"requestId\":\"big\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        JsonNode tooLarge = c.awaitType("error");
        assertThat(tooLarge.path("code").asInt()).isEqualTo(102);
        c.sendBinary(new byte[] {1, 2, 3});
        assertThat(c.awaitType("error").path("code").asInt()).isEqualTo(100);
        assertThat(c.ok("ping").path("serverTime").asText()).isNotEmpty();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void requestsBeforeJoiningAreRefused() {
        WsTestClient c = connect("l1", Role.LECTURER);
        assertThat(c.request("session.start").path("code").asInt()).isEqualTo(104);
        assertThat(c.ok("ping").path("type").asText()).isEqualTo("ping.ok");
    }

    // ------------------------------------------------------------------ class rules

    @Test
    void theThirtyFirstTraineeIsToldTheClassIsFull() {
        List<WsTestClient> thirty = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            thirty.add(joined("t" + i, Role.TRAINEE));
        }
        WsTestClient late = connect("t31", Role.TRAINEE);
        JsonNode full = late.request("class.join", "classroomId", CLASS);
        assertThat(full.path("code").asInt()).isEqualTo(201);
        assertThat(full.path("error").asText()).isEqualTo("CLASS_FULL");
        assertThat(late.isOpen()).isTrue();
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        assertThat(lecturer.ok("ping")).isNotNull();
        thirty.get(0).ok("class.leave");
        late.ok("class.join", "classroomId", CLASS);
    }

    @Test
    void aThirdLecturerIsRefusedButRegulatorsDoNotTakeSeats() {
        joined("l1", Role.LECTURER);
        joined("l2", Role.LECTURER);
        assertThat(connect("l3", Role.LECTURER).request("class.join", "classroomId", CLASS).path("code").asInt())
                .isEqualTo(201);
        joined("r1", Role.REGULATOR);
    }

    @Test
    void aUserOfAnotherClassIsRefused() {
        WsTestClient other = WsTestClient.connect(port, token("x1", Role.TRAINEE, Duration.ofMinutes(5), "other-class"),
                origin);
        clients.add(other);
        JsonNode refused = other.request("class.join", "classroomId", CLASS);
        assertThat(refused.path("code").asInt()).isEqualTo(303);
    }

    @Test
    void joiningTwiceReplacesTheEarlierPresence() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient first = joined("t1", Role.TRAINEE);
        String firstPid = first.seenJoin();
        lecturer.awaitType("participant.joined");
        WsTestClient second = joined("t1", Role.TRAINEE);
        assertThat(first.awaitType("presence.replaced").path("reason").asText()).isEqualTo("DUPLICATE_IDENTITY");
        assertThat(first.awaitClose()).isEqualTo(4409);
        JsonNode left = lecturer.awaitType("participant.left");
        assertThat(left.path("participantId").asText()).isEqualTo(firstPid);
        assertThat(left.path("reason").asText()).isEqualTo("DUPLICATE_IDENTITY");
        assertThat(lecturer.awaitType("participant.joined").path("participant").path("userId").asText()).isEqualTo("t1");
        assertThat(second.ok("ping")).isNotNull();
    }

    @Test
    void traineesAndRegulatorsCannotTeach() {
        joined("l1", Role.LECTURER).ok("session.start");
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        assertThat(trainee.request("session.start").path("code").asInt()).isEqualTo(304);
        assertThat(trainee.request("session.end").path("code").asInt()).isEqualTo(304);
        assertThat(trainee.request("media.publish", "kind", "screen", "sdp", "v=0").path("code").asInt()).isEqualTo(304);
        assertThat(trainee.request("media.publish", "kind", "camera", "sdp", "v=0").path("code").asInt())
                .as("a trainee's camera needs a breakout group or a speaking turn").isEqualTo(224);
        WsTestClient regulator = joined("r1", Role.REGULATOR);
        assertThat(regulator.request("media.publish", "kind", "camera", "sdp", "v=0").path("code").asInt())
                .isEqualTo(304);
        assertThat(regulator.request("session.end").path("code").asInt()).isEqualTo(304);
    }

    // ------------------------------------------------------------------ the lesson

    @Test
    void aLessonFromStartToEnd() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        assertThat(trainee.request("media.subscribe", "streamId", "s-x").path("code").asInt()).isEqualTo(202);
        lecturer.ok("session.start");
        assertThat(trainee.awaitType("session.started").path("session").path("state").asText()).isEqualTo("live");

        JsonNode published = lecturer.ok("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("cam"));
        assertThat(published.path("sdp").asText()).contains(FakeMediaServer.ANSWER_MARKER);
        String streamId = published.path("streamId").asText();
        JsonNode event = trainee.awaitType("stream.published");
        assertThat(event.path("stream").path("streamId").asText()).isEqualTo(streamId);
        assertThat(event.path("stream").path("kind").asText()).isEqualTo("camera");
        assertThat(lecturer.request("media.publish", "kind", "camera", "sdp", "v=0").path("code").asInt()).isEqualTo(206);
        lecturer.ok("media.publish", "kind", "screen", "sdp", FakeMediaServer.browserOffer("screen"));

        JsonNode sub = trainee.ok("media.subscribe", "streamId", streamId);
        assertThat(sub.path("sdp").asText()).contains(FakeMediaServer.OFFER_MARKER);
        String subId = sub.path("subscriptionId").asText();
        trainee.ok("media.answer", "subscriptionId", subId, "sdp", FakeMediaServer.browserAnswer("t1"));
        trainee.ok("media.trickle", "target", subId, "candidate",
                Map.of("candidate", "candidate:1 1 udp 1 127.0.0.2 5000 typ host", "sdpMid", "0", "sdpMLineIndex", 0));
        assertThat(trainee.request("media.trickle", "target", streamId, "candidate", Map.of("candidate", "x"))
                .path("code").asInt()).as("a trainee cannot trickle into the lecturer's stream").isEqualTo(204);

        WsTestClient late = joined("t2", Role.TRAINEE);
        assertThat(late.seenJoinStreams()).as("a late trainee is told about both streams").hasSize(2);

        lecturer.ok("session.end");
        JsonNode ended = trainee.awaitType("session.ended");
        assertThat(ended.path("session").path("state").asText()).isEqualTo("ended");
        assertThat(ended.path("endedBy").asText()).isEqualTo("l1");
        assertThat(media.activePublishers()).isEmpty();
        assertThat(media.activeSubscribers()).isEmpty();
        assertThat(trainee.request("media.subscribe", "streamId", streamId).path("code").asInt()).isEqualTo(202);
    }

    @Test
    void aDeadMediaServerIsReportedAndTheClassGoesOn() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        lecturer.ok("session.start");
        lecturer.ok("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("cam"));
        trainee.awaitType("stream.published");
        media.goDown("janus died");
        assertThat(trainee.awaitType("media.lost").path("reason").asText()).contains("janus died");
        assertThat(trainee.awaitType("stream.unpublished").path("reason").asText()).isEqualTo("MEDIA_FAILURE");
        JsonNode refused = lecturer.request("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("c"));
        assertThat(refused.path("code").asInt()).isEqualTo(400);
        assertThat(trainee.ok("ping")).isNotNull();
        media.comeBack();
        lecturer.awaitType("media.restored");
        trainee.awaitType("media.restored");
        lecturer.ok("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("cam2"));
        assertThat(trainee.awaitType("stream.published")).isNotNull();
    }

    @Test
    void leavingEndsThePresenceAndItsStreams() {
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        lecturer.ok("session.start");
        String streamId = lecturer.ok("media.publish", "kind", "camera", "sdp", FakeMediaServer.browserOffer("c"))
                .path("streamId").asText();
        trainee.awaitType("stream.published");
        lecturer.close();
        JsonNode gone = trainee.awaitType("stream.unpublished");
        assertThat(gone.path("streamId").asText()).isEqualTo(streamId);
        JsonNode left = trainee.awaitType("participant.left");
        assertThat(left.path("userId").asText()).isEqualTo("l1");
        assertThat(left.path("reason").asText()).isEqualTo("CLIENT_REQUEST");
    }
}
