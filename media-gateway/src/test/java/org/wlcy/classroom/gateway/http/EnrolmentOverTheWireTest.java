package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Issue H over the wire: an institution creates a class, imports a roster with errors (refused
 * whole, nothing saved) and then a correct one, applies, is returned with a reason, applies again
 * and is approved by the regulator of its region; all of it survives a restart.
 */
class EnrolmentOverTheWireTest {
    private static final String SECRET = "enrolment-test-secret-0123456789abcdef";
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
        gateway = boot();
    }

    private Gateway boot() throws InterruptedException {
        return Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role, String institution, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(), institution, region,
                Instant.EPOCH), Duration.ofMinutes(30));
    }

    private String admin() {
        return token("admin-sz", Role.ADMIN, "深圳职训中心", "440305");
    }

    private String regulator(String region) {
        return token("reg-" + region, Role.REGULATOR, "", region);
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }

    private Reply json(String method, String path, String token, Object body) throws Exception {
        return call(method, path, token, JSON.writeValueAsBytes(body));
    }

    private static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    private static Map<String, Object> week(int onlineDays) {
        return Map.of("name", "深圳网创第1期", "lecturers", List.of("l01", "l02"),
                "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date", "2027-01-" + String.format("%02d", 4 + i),
                        "classHours", 8, "online", i < onlineDays)).toList());
    }

    private static List<String> codes(JsonNode problems) {
        return java.util.stream.StreamSupport.stream(problems.spliterator(), false)
                .map(p -> p.path("line").asInt() + ":" + p.path("code").asText()).collect(Collectors.toList());
    }

    @Test
    void aClassIsCreatedItsRosterImportedAndItsOpeningApproved() throws Exception {
        String admin = admin();
        // The plan has too many online days: stored as a draft, its problems named.
        Reply created = json("PUT", "/api/admin/classes/sz-2027-01", admin, week(4));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("state").asText()).isEqualTo("draft");
        assertThat(created.body().path("region").asText()).isEqualTo("440305");
        assertThat(created.body().path("problems").findValuesAsText("code")).containsExactly("online.share");

        // Applying with no roster, then a roster file with errors: refused whole, nothing saved.
        assertThat(call("POST", "/api/admin/classes/sz-2027-01/submit", admin, null).body().path("code").asInt())
                .isEqualTo(261);
        String a = id("44030519900101001");
        String b = id("44030519920202002");
        String c = id("44030519950303003");
        String bad = "姓名,身份证号,手机号\n张三," + a + ",13800138000\n李四," + b.substring(0, 17) + "0" + ",13900139000\n"
                + "=HYPERLINK(\"x\")," + c + ",13700137000\n";
        byte[] badGbk = bad.getBytes(Charset.forName("GBK"));
        Reply preview = call("POST", "/api/admin/classes/sz-2027-01/roster/preview", admin, badGbk);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().path("charset").asText()).isEqualTo("GB18030");
        assertThat(preview.body().path("acceptable").asBoolean()).isFalse();
        assertThat(preview.body().path("entries").get(0).path("name").asText()).isEqualTo("张三");
        assertThat(preview.body().path("entries").get(0).path("idNumber").asText()).isEqualTo("440305********0013".substring(0, 6)
                + "********" + a.substring(14)).doesNotContain("19900101");
        Reply refused = call("POST", "/api/admin/classes/sz-2027-01/roster", admin, badGbk);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("code").asInt()).isEqualTo(260);
        assertThat(codes(refused.body().path("preview").path("problems"))).containsExactly("3:id.checksum", "4:cell.formula");
        assertThat(json("GET", "/api/admin/classes/sz-2027-01", admin, null).body().path("trainees").asInt()).isZero();

        // The corrected file is taken whole.
        String good = "姓名,身份证号,手机号,性别\n张三," + a + ",13800138000,男\n李四," + b + ",13900139000,女\n王五," + c
                + ",13700137000,男\n";
        Reply imported = call("POST", "/api/admin/classes/sz-2027-01/roster", admin, good.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().path("imported").asInt()).isEqualTo(3);
        assertThat(imported.body().path("class").path("roster").findValuesAsText("phone")).contains("138****8000");
        assertThat(imported.body().toString()).doesNotContain(a).doesNotContain("13800138000");

        // Applying with the plan's problem: 261 naming it; fixed, it is submitted.
        Reply planRefused = call("POST", "/api/admin/classes/sz-2027-01/submit", admin, null);
        assertThat(planRefused.status()).isEqualTo(422);
        assertThat(planRefused.body().path("problems").findValuesAsText("code")).containsExactly("online.share");
        assertThat(json("PUT", "/api/admin/classes/sz-2027-01", admin, week(3)).body().path("problems").size()).isZero();
        assertThat(call("POST", "/api/admin/classes/sz-2027-01/submit", admin, null).body().path("state").asText())
                .isEqualTo("submitted");
        // While submitted, the roster and the plan stay as the regulator sees them.
        assertThat(call("POST", "/api/admin/classes/sz-2027-01/roster", admin, good.getBytes(StandardCharsets.UTF_8))
                .body().path("code").asInt()).isEqualTo(262);
        assertThat(json("PUT", "/api/admin/classes/sz-2027-01", admin, week(2)).status()).isEqualTo(409);

        // The regulator of another region neither sees nor decides it; the region's own returns it with a reason.
        assertThat(json("GET", "/api/regulator/openings", regulator("110000"), null).body().path("openings").size()).isZero();
        assertThat(call("POST", "/api/regulator/openings/sz-2027-01/approve", regulator("110000"), null).status())
                .isEqualTo(403);
        String reg = regulator("440000");
        JsonNode openings = json("GET", "/api/regulator/openings", reg, null).body().path("openings");
        assertThat(openings.size()).isEqualTo(1);
        assertThat(openings.get(0).path("state").asText()).isEqualTo("submitted");
        assertThat(openings.get(0).path("trainees").asInt()).isEqualTo(3);
        assertThat(json("POST", "/api/regulator/openings/sz-2027-01/return", reg, Map.of("reason", " ")).status())
                .isEqualTo(400);
        Reply returned = json("POST", "/api/regulator/openings/sz-2027-01/return", reg,
                Map.of("reason", "讲师 l02 的合格证书已过期"));
        assertThat(returned.body().path("state").asText()).isEqualTo("returned");
        assertThat(json("GET", "/api/admin/classes/sz-2027-01", admin, null).body().path("steps").findValuesAsText("reason"))
                .containsExactly("讲师 l02 的合格证书已过期");
        Map<String, Object> revised = new java.util.HashMap<>(week(3));
        revised.put("lecturers", List.of("l01", "l03"));
        json("PUT", "/api/admin/classes/sz-2027-01", admin, revised);
        call("POST", "/api/admin/classes/sz-2027-01/submit", admin, null);
        assertThat(call("POST", "/api/regulator/openings/sz-2027-01/approve", reg, null).body().path("state").asText())
                .isEqualTo("approved");

        // After a restart everything is as it was.
        gateway.close();
        gateway = boot();
        JsonNode after = json("GET", "/api/admin/classes/sz-2027-01", admin(), null).body();
        assertThat(after.path("state").asText()).isEqualTo("approved");
        assertThat(after.path("trainees").asInt()).isEqualTo(3);
        assertThat(after.path("lecturers").toString()).isEqualTo("[\"l01\",\"l03\"]");
        assertThat(java.util.stream.StreamSupport.stream(after.path("steps").spliterator(), false)
                .map(x -> x.path("state").asText()).toList()).containsExactly("draft", "draft",
                "submitted", "returned", "draft", "submitted", "approved");
    }

    @Test
    void wrongRolesBadBodiesAndHugeFilesGetCodedErrors() throws Exception {
        String admin = admin();
        String trainee = token("t01", Role.TRAINEE, "深圳职训中心", "440305");
        assertThat(json("PUT", "/api/admin/classes/sz-x", trainee, week(0)).body().path("code").asInt()).isEqualTo(304);
        assertThat(json("PUT", "/api/admin/classes/sz-x", null, week(0)).status()).isEqualTo(401);
        assertThat(call("PUT", "/api/admin/classes/sz-x", admin, "{\"name\":1}".getBytes(StandardCharsets.UTF_8))
                .body().path("message").asText()).startsWith("name");
        Map<String, Object> halfHour = Map.of("name", "x", "lecturers", List.of("l01", "l02"),
                "days", List.of(Map.of("date", "2027-01-04", "classHours", 2.5)));
        assertThat(json("PUT", "/api/admin/classes/sz-x", admin, halfHour).body().path("message").asText())
                .startsWith("days[0].classHours");
        Reply unsafe = json("PUT", "/api/admin/classes/.hidden", admin, week(0)); // not a safe file name
        assertThat(unsafe.status()).isEqualTo(400);
        assertThat(unsafe.body().path("message").asText()).startsWith("classId");
        assertThat(json("PUT", "/api/admin/classes/..%2F..%2Fx", admin, week(0)).status()).isEqualTo(404);
        assertThat(call("GET", "/api/admin/classes/nope", admin, null).body().path("code").asInt()).isEqualTo(263);
        json("PUT", "/api/admin/classes/sz-x", admin, week(0));
        // another institution's admin cannot read or change it
        String other = token("admin-gz", Role.ADMIN, "广州职训中心", "440100");
        assertThat(call("GET", "/api/admin/classes/sz-x", other, null).status()).isEqualTo(403);
        assertThat(json("GET", "/api/admin/classes", other, null).body().path("classes").size()).isZero();
        // a file over the body limit: 413 with code 102, nothing saved
        Reply huge = call("POST", "/api/admin/classes/sz-x/roster", admin, new byte[200 * 1024]);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(json("GET", "/api/admin/classes/sz-x", admin, null).body().path("trainees").asInt()).isZero();
        // an old .xls is named as such
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThat(codes(call("POST", "/api/admin/classes/sz-x/roster/preview", admin, xls).body().path("problems")))
                .containsExactly("0:file.type");
    }
}
