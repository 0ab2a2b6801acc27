package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.exchange.webhook.WebhookSignature;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.Await;

/**
 * Issue H over the wire: a local receiver registered as a webhook endpoint gets signed webhooks in
 * order (class approved, lesson started and ended, attendance final); then it answers 500 for a
 * while, the gateway (a separate JVM, the product's Main) is killed with SIGKILL and restarted on
 * the same data folder, and every event still arrives, in order; a repeat carries the same
 * delivery id (at least once, with an idempotency key).
 */
class WebhooksOverTheWireTest {
    private static final String SECRET = "webhooks-test-secret-0123456789abcdef";
    private static final String CLASS = "sz-2027-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration LONG = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private int port;
    private Process gateway;
    private HttpServer receiver;
    private volatile int failWith;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();
    private TokenService tokens;

    private record Received(String deliveryId, String event, String body, String signature, Instant at) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private List<String> flags() {
        return List.of("--http.host=127.0.0.1", "--http.port=" + port, "--data.dir=" + dir.resolve("data"),
                "--auth.hmacSecret=" + SECRET, "--auth.devMode=false", "--proctor.faceChecks=false",
                "--janus.urls=ws://127.0.0.1:9", "--webhooks.allowPrivateUrls=true",
                "--webhooks.retryBaseMillis=100", "--webhooks.retryMaxMillis=400", "--webhooks.maxAttempts=100");
    }

    private void startGateway(String log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.wlcy.classroom.gateway.Main"));
        cmd.addAll(flags());
        gateway = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        Await.until("the gateway answers (" + log + ")", LONG, () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = failWith == 0 ? 200 : failWith;
            if (code == 200) {
                received.add(new Received(ex.getRequestHeaders().getFirst("X-Wlcy-Delivery"),
                        ex.getRequestHeaders().getFirst("X-Wlcy-Event"), body,
                        ex.getRequestHeaders().getFirst("X-Wlcy-Signature"), Instant.now()));
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        receiver.start();
    }

    private String token(String user, Role role, String institution, String region, Set<ClassroomId> classes) {
        return tokens.issue(new Identity(new UserId(user), "n-" + user, role, classes, institution, region,
                Instant.EPOCH), Duration.ofMinutes(30));
    }

    private String admin() {
        return token("admin-sz", Role.ADMIN, "深圳职训中心", "440305", Set.of());
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, String token, Object body) throws Exception {
        byte[] bytes = body == null ? null : body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }

    private static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    private void lesson() {
        WsTestClient lecturer = WsTestClient.connect(port, token("l01", Role.LECTURER, "深圳职训中心", "440305",
                Set.of(new ClassroomId(CLASS))), null);
        clients.add(lecturer);
        lecturer.ok("class.join", "classroomId", CLASS);
        lecturer.ok("session.start");
        lecturer.ok("session.end");
        lecturer.close();
    }

    /** The distinct events received, in the order each first arrived. */
    private List<String> firstArrivals() {
        List<String> out = new ArrayList<>();
        for (Received r : received) {
            String e = r.json().path("id").asText();
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private List<String> typesOf(List<String> eventIds) {
        Map<String, String> type = new LinkedHashMap<>();
        received.forEach(r -> type.put(r.json().path("id").asText(), r.json().path("type").asText()));
        return eventIds.stream().map(type::get).toList();
    }

    @Test
    void signedWebhooksArriveInOrder_AndNoneIsLostWhenTheGatewayIsKilledWhileTheReceiverFails() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        tokens = Gateway.tokenService(GatewayConfig.load(Map.of(), flags()), Clock.systemUTC());
        startReceiver();
        startGateway("gateway-1.log");
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        // Registering: bad input is refused naming the field; the secret is shown once.
        assertThat(call("POST", "/api/admin/webhooks", admin(), Map.of("url", "ftp://127.0.0.1/x",
                "events", List.of("lesson.started"))).body().path("code").asInt()).isEqualTo(275);
        Reply unknown = call("POST", "/api/admin/webhooks", admin(), Map.of("url", hook, "events", List.of("lesson.started", "x.y")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("code").asInt()).isEqualTo(276);
        assertThat(unknown.body().path("message").asText()).contains("events[1]");
        assertThat(call("POST", "/api/admin/webhooks", token("t1", Role.TRAINEE, "深圳职训中心", "440305", Set.of()),
                Map.of("url", hook, "events", List.of("lesson.started"))).status()).isEqualTo(403);
        Reply created = call("POST", "/api/admin/webhooks", admin(), Map.of("url", hook, "events",
                List.of("class.approved", "lesson.started", "lesson.ended", "attendance.final", "score.published",
                        "certificate.issued", "eligibility.judged")));
        assertThat(created.status()).isEqualTo(201);
        String endpoint = created.body().path("id").asText();
        String secret = created.body().path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        JsonNode listed = call("GET", "/api/admin/webhooks", admin(), null).body().path("endpoints");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).has("secret")).as("shown once only").isFalse();
        assertThat(call("GET", "/api/admin/webhooks", token("admin-bj", Role.ADMIN, "北京培训学校", "110000", Set.of()),
                null).body().path("endpoints").size()).as("another institution's admin").isZero();

        // A class is created, its roster imported, applied for and approved; a lesson starts and ends.
        Map<String, Object> plan = Map.of("name", "深圳网创第1期", "lecturers", List.of("l01", "l02"),
                "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date", "2027-01-" + String.format("%02d", 4 + i),
                        "classHours", 8, "online", i < 3)).toList());
        assertThat(call("PUT", "/api/admin/classes/" + CLASS, admin(), plan).status()).isEqualTo(200);
        // First a roster with errors (a wrong check character, a landline): refused whole, nothing saved.
        String bad = "姓名,身份证号,手机号\n张三," + id("44030519900101001") + ",13800138000\n李四,440305199001010020,0755-1234\n";
        Reply refused = call("POST", "/api/admin/classes/" + CLASS + "/roster", admin(), bad.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("code").asInt()).isEqualTo(260);
        assertThat(call("GET", "/api/admin/classes/" + CLASS, admin(), null).body().path("trainees").asInt())
                .as("nothing of the refused file was saved").isZero();
        String roster = "姓名,身份证号,手机号\n张三," + id("44030519900101001") + ",13800138000\n";
        assertThat(call("POST", "/api/admin/classes/" + CLASS + "/roster", admin(), roster.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
        assertThat(call("POST", "/api/admin/classes/" + CLASS + "/submit", admin(), null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/regulator/openings/" + CLASS + "/approve",
                token("reg-44", Role.REGULATOR, "", "440000", Set.of()), null).body().path("state").asText())
                .isEqualTo("approved");
        lesson();

        List<String> expected = List.of("class.approved", "lesson.started", "lesson.ended", "attendance.final");
        Await.until("the four webhooks arrive", LONG, () -> firstArrivals().size() >= 4);
        assertThat(typesOf(firstArrivals())).as("in order").containsExactlyElementsOf(expected);
        for (Received r : received) {
            assertThat(WebhookSignature.verify(secret, r.signature(), r.body(), Instant.now().getEpochSecond(), 300))
                    .as("signed: " + r.signature()).isTrue();
            assertThat(r.event()).isEqualTo(r.json().path("type").asText());
        }
        JsonNode approved = received.get(0).json();
        assertThat(approved.path("data").path("classId").asText()).isEqualTo(CLASS);
        assertThat(approved.path("institution").asText()).isEqualTo("深圳职训中心");
        assertThat(approved.path("occurredAt").asText()).isNotEmpty();

        // The receiver fails; a second lesson's webhooks wait in the outbox, tried again and again.
        failWith = 500;
        lesson();
        Await.until("the second lesson's deliveries are queued and failing", LONG, () -> {
            try {
                JsonNode ds = call("GET", "/api/admin/webhooks/" + endpoint + "/deliveries", admin(), null).body()
                        .path("deliveries");
                return ds.size() == 7 && StreamSupport.stream(ds.spliterator(), false)
                        .anyMatch(d -> d.path("attempts").asInt() >= 2 && d.path("lastResponseCode").asInt() == 500
                                && d.path("status").asText().equals("pending"));
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(metric("classroom_webhook_backlog")).isEqualTo(3.0);

        // kill -9, then a restart on the same data folder; the receiver recovers.
        gateway.destroyForcibly();
        gateway.waitFor();
        startGateway("gateway-2.log");
        failWith = 0;
        Await.until("all seven events arrive", LONG, () -> firstArrivals().size() >= 7);
        assertThat(typesOf(firstArrivals())).as("nothing lost, in order").containsExactly("class.approved",
                "lesson.started", "lesson.ended", "attendance.final", "lesson.started", "lesson.ended",
                "attendance.final");
        Map<String, String> deliveryOf = new LinkedHashMap<>();
        for (Received r : received) {
            String prior = deliveryOf.putIfAbsent(r.json().path("id").asText(), r.deliveryId());
            assertThat(prior == null || prior.equals(r.deliveryId())).as("a repeat has the same delivery id").isTrue();
            assertThat(WebhookSignature.verify(secret, r.signature(), r.body(), Instant.now().getEpochSecond(), 300))
                    .isTrue();
        }
        Await.until("the log shows every delivery delivered", LONG, () -> {
            try {
                JsonNode ds = call("GET", "/api/admin/webhooks/" + endpoint + "/deliveries", admin(), null).body()
                        .path("deliveries");
                return ds.size() == 7 && StreamSupport.stream(ds.spliterator(), false)
                        .allMatch(d -> d.path("status").asText().equals("delivered"));
            } catch (Exception e) {
                return false;
            }
        });

        // The admin replays the first delivery: it comes again with the same id and body.
        JsonNode first = call("GET", "/api/admin/webhooks/" + endpoint + "/deliveries", admin(), null).body()
                .path("deliveries").get(6);
        int before = received.size();
        Reply replayed = call("POST", "/api/admin/webhooks/" + endpoint + "/deliveries/" + first.path("id").asText()
                + "/replay", admin(), null);
        assertThat(replayed.status()).isEqualTo(202);
        Await.until("the replay arrives", LONG, () -> received.size() > before);
        Received again = received.get(received.size() - 1);
        assertThat(again.deliveryId()).isEqualTo(first.path("id").asText());
        assertThat(again.body()).isEqualTo(received.get(0).body());
        assertThat(call("POST", "/api/admin/webhooks/" + endpoint + "/deliveries/dlv_nope/replay", admin(), null)
                .body().path("code").asInt()).isEqualTo(278);
        assertThat(call("DELETE", "/api/admin/webhooks/wh_00000000", admin(), null).body().path("code").asInt())
                .isEqualTo(277);
        assertThat(Files.readString(dir.resolve("gateway-2.log"))).doesNotContain(secret);
    }

    private double metric(String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
    }
}
