package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.stream.IntStream;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * A whole gateway for the enrolment tests (issue H): boots with extra settings, restarts on the same
 * data and port, issues tokens of the institution 深圳职训中心 (region 440305) and its regulators, and
 * walks a class from its plan to approval over REST.
 */
final class EnrolmentServer implements AutoCloseable {
    static final String SECRET = "enrolment-test-secret-0123456789abcdef";
    static final String INSTITUTION = "深圳职训中心";
    static final String REGION = "440305";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path dataDir;
    private final List<String> settings;
    private final int port;
    private Gateway gateway;

    record Reply(int status, JsonNode body, HttpHeaders headers, byte[] bytes) {
        int code() {
            return body.path("code").asInt();
        }
    }

    EnrolmentServer(Path dataDir, String... settings) throws Exception {
        this.dataDir = dataDir;
        this.settings = List.of(settings);
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = boot();
    }

    private Gateway boot() throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false"));
        args.addAll(settings);
        return Gateway.start(GatewayConfig.load(Map.of(), args), new FakeMediaServer(), Clock.systemUTC());
    }

    void restart() throws InterruptedException {
        gateway.close();
        gateway = boot();
    }

    Gateway gateway() {
        return gateway;
    }

    int port() {
        return port;
    }

    String token(String user, Role role, String institution, String region, String... classes) {
        return tokenNamed(user, "n-" + user, role, institution, region, classes);
    }

    String tokenNamed(String user, String name, Role role, String institution, String region, String... classes) {
        Set<ClassroomId> ids = new java.util.HashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), name, role, ids, institution, region,
                Instant.EPOCH), Duration.ofMinutes(30));
    }

    String admin() {
        return token("admin-sz", Role.ADMIN, INSTITUTION, REGION);
    }

    String regulator(String region) {
        return token("reg-" + region, Role.REGULATOR, "", region);
    }

    Reply call(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = JSON.nullNode();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json") && r.body().length > 0) {
            json = JSON.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, r.headers(), r.body());
    }

    Reply json(String method, String path, String token, Object body) throws Exception {
        return call(method, path, token, body == null ? null : JSON.writeValueAsBytes(body));
    }

    static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    /** A plan the guideline accepts: lecturers l01 and l02, seven days of 8 class hours, three online. */
    static Map<String, Object> plan(String name) {
        return Map.of("name", name, "lecturers", List.of("l01", "l02"),
                "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date", "2027-01-" + String.format("%02d", 4 + i),
                        "classHours", 8, "online", i < 3)).toList());
    }

    /** Creates the class and imports {@code csv} (UTF-8); both must succeed. */
    void createWithRoster(String classId, String name, String csv) throws Exception {
        must(json("PUT", "/api/admin/classes/" + classId, admin(), plan(name)), "create " + classId);
        must(call("POST", "/api/admin/classes/" + classId + "/roster", admin(), csv.getBytes(StandardCharsets.UTF_8)),
                "import into " + classId);
    }

    void submitAndApprove(String classId) throws Exception {
        must(call("POST", "/api/admin/classes/" + classId + "/submit", admin(), null), "submit " + classId);
        must(call("POST", "/api/regulator/openings/" + classId + "/approve", regulator("440300"), null),
                "approve " + classId);
    }

    private static Reply must(Reply r, String what) {
        if (r.status() != 200) {
            throw new AssertionError(what + " failed: " + r.status() + " " + r.body());
        }
        return r;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
