package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A whole server for the assessment tests: started on a data folder (again after a restart), a
 * class's attendance seeded into its trace (a lesson its trainees attended in full, so they are
 * eligible), tokens, and JSON and raw-byte requests over real HTTP.
 */
final class AssessmentServer implements AutoCloseable {
    static final String SECRET = "assessment-test-secret-assessment-test-secret-0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final Path dataDir;
    private final InstantSource clock;
    private final List<String> flags;
    private final HttpClient http = HttpClient.newHttpClient();
    Gateway gateway;

    AssessmentServer(Path dataDir, InstantSource clock, String... flags) throws Exception {
        this.dataDir = dataDir;
        this.clock = clock;
        this.flags = List.of(flags);
        start();
    }

    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> all = new ArrayList<>(List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.devMode=false", "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false", "--attendance.classHourMinutes=1", "--attendance.onlineCapPercent=100",
                "--classes.requireApproval=false")); // issue H: classes from tokens, no enrolment records
        all.addAll(flags);
        gateway = Gateway.start(GatewayConfig.load(Map.of(), all), new FakeMediaServer(), clock);
    }

    void restart() throws Exception {
        gateway.close();
        start();
    }

    Path dataDir() {
        return dataDir;
    }

    int port() {
        return gateway.port();
    }

    /**
     * A 60-minute lesson three hours ago, taught by {@code l01}, that {@code trainees} (id to name)
     * attended in full, all of {@code institution} in {@code region}.
     */
    void seedClass(ClassroomId c, String institution, String region, Map<String, String> trainees) throws Exception {
        Instant start = clock.instant().minus(Duration.ofHours(3));
        Instant end = start.plus(Duration.ofMinutes(60));
        String lesson = "lesson-" + c.value();
        List<TraceEvent> events = new ArrayList<>();
        events.add(event(c, lesson, "l01", TraceKind.SESSION_STARTED, start, Map.of("sessionId", lesson)));
        events.add(event(c, lesson, "l01", TraceKind.JOINED, start, Map.of("participantId", "p0", "role", "lecturer",
                "name", "李老师", "inst", institution, "region", region)));
        for (Map.Entry<String, String> t : trainees.entrySet()) {
            events.add(event(c, lesson, t.getKey(), TraceKind.JOINED, start, Map.of("participantId", "p-" + t.getKey(),
                    "role", "trainee", "name", t.getValue(), "inst", institution, "region", region)));
            for (Instant at = start.plusSeconds(30); at.isBefore(end); at = at.plusSeconds(30)) {
                events.add(event(c, lesson, t.getKey(), TraceKind.HEARTBEAT, at, Map.of("visible", true)));
            }
            events.add(event(c, lesson, t.getKey(), TraceKind.LEFT, end, Map.of("participantId", "p-" + t.getKey(),
                    "reason", "client_request")));
        }
        events.add(event(c, lesson, "l01", TraceKind.SESSION_ENDED, end, Map.of("sessionId", lesson)));
        gateway.proctoring().trace().append(events).toCompletableFuture().get();
    }

    private static TraceEvent event(ClassroomId c, String lesson, String user, TraceKind kind, Instant at,
                                    Map<String, Object> data) {
        return new TraceEvent(-1, c, lesson, new UserId(user), kind, at, "srv/test-" + SEQ.incrementAndGet(), null, data);
    }

    List<TraceEvent> trace(ClassroomId c) {
        return gateway.proctoring().store().read(c, 0, 1_000_000);
    }

    String token(String user, Role role, String region, String... classes) {
        Set<ClassroomId> ids = new LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, "北京创业培训学校", region,
                Instant.EPOCH), Duration.ofDays(3));
    }

    record Reply(int status, JsonNode body) {
        int code() {
            return body.path("code").asInt();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Reply call(String method, String path, String token, Object body) throws Exception {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest r = request(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text)).build();
        return reply(http.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    static Reply reply(HttpResponse<String> r) throws Exception {
        return new Reply(r.statusCode(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    }

    HttpResponse<byte[]> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Reply send(HttpRequest r) throws Exception {
        return reply(http.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
