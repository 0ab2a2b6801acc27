package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * An operator's Prometheus scrapes {@code GET /metrics} (README "Operations"): the numbers follow
 * what happens in a class (connections, a lesson live, messages, errors by code, trace appends).
 */
class MetricsOverTheWireTest {
    private static final String SECRET = "metrics-test-secret-0123456789abcdef";
    private static final String CLASS = "c-metrics";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(new ClassroomId(CLASS)),
                "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30));
    }

    private String scrape() {
        HttpResponse<String> res;
        try {
            res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return res.body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double error(String scrape, int code) {
        return error(scrape, code, "ws");
    }

    private static double error(String scrape, int code, String transport) {
        Matcher m = Pattern.compile("(?m)^classroom_errors_total\\{(?=[^}]*code=\"" + code + "\")(?=[^}]*transport=\""
                + transport + "\")[^}]*\\} ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void restErrorsAreCountedByCodeAndCarryTheirCode() throws Exception {
        String before = scrape();
        assertThat(value(before, "classroom_video_jobs")).isEqualTo(0);
        assertThat(error(before, 263, "http")).isZero();
        String admin = gateway.tokens().issue(new Identity(new UserId("a01"), "管理员", Role.ADMIN, Set.of(),
                "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30));
        HttpResponse<String> missing = get("/api/admin/classes/no-such-class", admin);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).contains("263");
        HttpResponse<String> wrongRole = get("/api/admin/classes", token("t01", Role.TRAINEE));
        String code = wrongRole.headers().firstValue("X-Error-Code").orElseThrow();
        assertThat(wrongRole.body()).contains("\"code\":" + code);
        get("/api/admin/classes/no-such-class", admin);
        String after = scrape();
        assertThat(error(after, 263, "http")).isEqualTo(2);
        assertThat(error(after, Integer.parseInt(code), "http")).isEqualTo(1);
        assertThat(error(after, 263, "ws")).isZero();
    }

    @Test
    void theNumbersFollowAClass() throws Exception {
        String before = scrape();
        assertThat(value(before, "classroom_connections")).isEqualTo(0);
        assertThat(value(before, "classroom_classes_live")).isEqualTo(0);
        assertThat(value(before, "classroom_media_up")).isEqualTo(1);
        assertThat(before).contains("jvm_memory_used_bytes");
        try (WsTestClient lecturer = WsTestClient.connect(port, token("l01", Role.LECTURER), null);
             WsTestClient trainee = WsTestClient.connect(port, token("t01", Role.TRAINEE), null)) {
            lecturer.ok("class.join", "classroomId", CLASS);
            trainee.ok("class.join", "classroomId", CLASS);
            lecturer.ok("session.start");
            trainee.sendRaw("{\"type\":\"chat.send\",\"type\":\"x\"}"); // duplicate keys: 100
            trainee.await("error 100", m -> m.path("code").asInt() == 100);
            Await.until("the scrape shows two connections, a live lesson and error 100", Duration.ofSeconds(10), () -> {
                String s = scrape();
                // the append timer records when the store's future completes, which may be just after the ack
                return value(s, "classroom_connections") == 2 && value(s, "classroom_classes_live") == 1
                        && error(s, 100) == 1 && value(s, "classroom_trace_append_seconds_count") >= 1;
            });
            String during = scrape();
            assertThat(value(during, "classroom_messages_in_total")).isGreaterThanOrEqualTo(4);
            assertThat(value(during, "classroom_messages_out_total")).isGreaterThanOrEqualTo(4);
            assertThat(value(during, "classroom_trace_append_seconds_count")).isGreaterThanOrEqualTo(1);
        }
        Await.until("the connections are gone from the scrape", Duration.ofSeconds(10),
                () -> value(scrape(), "classroom_connections") == 0);
    }
}
