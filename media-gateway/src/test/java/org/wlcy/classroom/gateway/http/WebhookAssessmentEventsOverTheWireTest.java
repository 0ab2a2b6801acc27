package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.exchange.webhook.WebhookSignature;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The assessment's webhooks over the wire: a lesson attended in full (on the trace), a score that
 * becomes final, and a certificate give lesson.started, lesson.ended, attendance.final,
 * eligibility.judged (each trainee), score.published and certificate.issued to the institution's endpoint, signed,
 * in the order they were recorded; another institution's endpoint hears none of them.
 */
class WebhookAssessmentEventsOverTheWireTest {
    private static final String SECRET = "webhook-assessment-secret-0123456789abcdef";
    private static final ClassroomId C = new ClassroomId("c-2026-g");
    private static final String INSTITUTION = "北京创业培训学校";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> elsewhere = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private HttpServer receiver;
    private int seq;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private String token(String user, Role role, String institution, String... classes) {
        Set<ClassroomId> ids = new java.util.LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, institution,
                "110105", Instant.EPOCH), Duration.ofMinutes(30));
    }

    private JsonNode call(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private TraceEvent event(String user, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, C, "lesson-1", new UserId(user), kind, at, "srv/test-" + seq++, null, data);
    }

    @Test
    void scoresAndCertificatesReachTheInstitutionsEndpointInTheOrderRecorded() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.devMode=false", "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false", "--attendance.classHourMinutes=1", "--attendance.onlineCapPercent=100",
                "--webhooks.allowPrivateUrls=true")), new FakeMediaServer(), Clock.systemUTC());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(ex.getRequestHeaders().getFirst("X-Wlcy-Signature"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.createContext("/other", ex -> {
            elsewhere.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        List<String> all = List.of("lesson.started", "lesson.ended", "attendance.final", "score.published",
                "eligibility.judged", "certificate.issued");
        String admin = token("a01", Role.ADMIN, INSTITUTION);
        String secret = call("POST", "/api/admin/webhooks", admin, Map.of("url", base + "/hook", "events", all))
                .path("secret").asText();
        call("POST", "/api/admin/webhooks", token("a99", Role.ADMIN, "另一所学校"), Map.of("url", base + "/other",
                "events", all));
        // The class is the institution's (created through the class API; a draft is enough).
        call("PUT", "/api/admin/classes/" + C.value(), admin, Map.of("name", "北京网创第1期", "lecturers",
                List.of("l01", "l02"), "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date",
                        "2026-12-" + String.format("%02d", 1 + i), "classHours", 8, "online", true)).toList()));

        // A lesson both trainees attended in full (one class hour is one minute here).
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant end = start.plus(Duration.ofMinutes(60));
        List<TraceEvent> events = new ArrayList<>();
        events.add(event("l01", TraceKind.SESSION_STARTED, start, Map.of("sessionId", "lesson-1")));
        for (String t : List.of("t01", "t02")) {
            events.add(event(t, TraceKind.JOINED, start, Map.of("participantId", "p-" + t, "role", "trainee",
                    "name", t.equals("t01") ? "张三" : "李四", "inst", INSTITUTION, "region", "110105")));
            for (Instant at = start.plusSeconds(30); at.isBefore(end); at = at.plusSeconds(30)) {
                events.add(event(t, TraceKind.HEARTBEAT, at, Map.of("visible", true)));
            }
            events.add(event(t, TraceKind.LEFT, end, Map.of("participantId", "p-" + t, "reason", "client_request")));
        }
        events.add(event("l01", TraceKind.SESSION_ENDED, end, Map.of("sessionId", "lesson-1")));
        gateway.proctoring().trace().append(events).toCompletableFuture().get();

        String classBase = "/api/classes/" + C.value();
        String t01 = token("t01", Role.TRAINEE, INSTITUTION, C.value());
        call("PUT", classBase + "/submissions/practical", t01, Map.of("fields", Map.of("shopName", "山货小铺",
                "platform", "微店", "products", "土蜂蜜", "orders", 12, "turnoverCents", 356000), "submit", true));
        call("PUT", classBase + "/submissions/plan", t01, Map.of("fields", Map.of("positioning", "乡村特产",
                "customers", "城市白领", "products", "蜂蜜", "marketing", "短视频", "operations", "自营",
                "finance", "启动资金 5000 元"), "submit", true));
        call("POST", classBase + "/assessment/scorers", admin, Map.of("scorer", "s01"));
        call("POST", classBase + "/scores", token("s01", Role.LECTURER, INSTITUTION, "other-class"), Map.of("trainee",
                "t01", "points", Map.of("shop", 18, "products", 15, "operation", 12, "results", 10, "plan-fit", 10)));
        JsonNode issued = call("POST", classBase + "/certificates", admin, Map.of("idNumbers",
                Map.of("t01", "11010519491231002X")));
        String number = issued.path("issued").get(0).path("number").asText();

        Await.until("seven webhooks arrive", Duration.ofSeconds(30), () -> bodies.size() >= 7);
        List<JsonNode> got = new ArrayList<>();
        for (String b : bodies) {
            got.add(JSON.readTree(b));
        }
        assertThat(got.stream().map(j -> j.path("type").asText()).toList()).containsExactly("lesson.started",
                "lesson.ended", "attendance.final", "eligibility.judged", "eligibility.judged", "score.published",
                "certificate.issued");
        assertThat(got.get(0).path("data").path("lessonId").asText()).isEqualTo("lesson-1");
        assertThat(got.get(2).path("data").path("endedAt").asText()).isEqualTo(end.toString());
        assertThat(List.of(got.get(3), got.get(4))).extracting(j -> j.path("data").path("trainee").asText())
                .as("both attended the lesson in full: eligible at its end").containsExactlyInAnyOrder("t01", "t02");
        assertThat(got.get(3).path("data").path("eligible").asBoolean()).isTrue();
        assertThat(got.get(3).path("data").path("creditedClassHours").asText()).isEqualTo("60");
        JsonNode score = got.get(5).path("data");
        assertThat(score.path("trainee").asText()).isEqualTo("t01");
        assertThat(score.path("score").asText()).isEqualTo("65");
        assertThat(score.path("passed").asBoolean()).isTrue();
        assertThat(got.get(6).path("data").path("number").asText()).isEqualTo(number);
        assertThat(got.get(6).path("data").toString()).as("no identity number, no signature bytes")
                .doesNotContain("11010519491231002X").doesNotContain("signature");
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(WebhookSignature.verify(secret, signatures.get(i), bodies.get(i), Instant.now().getEpochSecond(),
                    300)).isTrue();
        }
        assertThat(elsewhere).as("another institution's endpoint").isEmpty();
    }
}
