package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * What the class and opening pages (issue H pages) read beyond the plan: the list of an institution's
 * classes names the online cap a new plan is held to (the page shows the share live against it),
 * and a class names its roster's sex and age split (ages at the first training day) for the
 * regulator's queue, never a birth date.
 */
class EnrolmentSummaryOverTheWireTest {
    private static final String SECRET = "enrolment-summary-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
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
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--attendance.onlineCapPercent=40")), new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role, String institution, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(), institution, region,
                Instant.EPOCH), Duration.ofMinutes(30));
    }

    private JsonNode call(String method, String path, String token, byte[] body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void theListNamesTheOnlineCapAndAClassItsSexAndAgeSplit() throws Exception {
        String admin = token("admin-sz", Role.ADMIN, "深圳职训中心", "440305");
        assertThat(call("GET", "/api/admin/classes", admin, null, 200).path("onlineCapPercent").asInt()).isEqualTo(40);

        Map<String, Object> plan = Map.of("name", "深圳网创第2期", "lecturers", List.of("l01", "l02"),
                "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date", "2027-01-" + String.format("%02d", 4 + i),
                        "classHours", 8, "online", i < 2)).toList());
        call("PUT", "/api/admin/classes/sz-2027-02", admin, JSON.writeValueAsBytes(plan), 200);
        // born 1990-01-01 (37 on 2027-01-04), 2003-01-05 (23: the day after the first training day), 1970-06-01 (56)
        String roster = "姓名,身份证号,手机号\n张三," + id("44030519900101001") + ",13800138000\n李四,"
                + id("44030520030105002") + ",13900139000\n王五," + id("44030519700601003") + ",13700137000\n";
        call("POST", "/api/admin/classes/sz-2027-02/roster", admin, roster.getBytes(StandardCharsets.UTF_8), 200);
        call("POST", "/api/admin/classes/sz-2027-02/submit", admin, null, 200);

        JsonNode opening = call("GET", "/api/regulator/openings/sz-2027-02", token("reg", Role.REGULATOR, "", "440000"),
                null, 200);
        JsonNode s = opening.path("rosterSummary");
        assertThat(s.path("male").asInt()).isEqualTo(2);   // the 17th digit: 1 and 3 are men, 2 a woman
        assertThat(s.path("female").asInt()).isEqualTo(1);
        assertThat(s.path("ageAt").asText()).isEqualTo("2027-01-04");
        assertThat(s.path("ages").toString())
                .isEqualTo("{\"<25\":1,\"25-34\":0,\"35-44\":1,\"45-54\":0,\"55+\":1}");
        assertThat(opening.toString()).doesNotContain("19900101").doesNotContain("20030105");
    }
}
