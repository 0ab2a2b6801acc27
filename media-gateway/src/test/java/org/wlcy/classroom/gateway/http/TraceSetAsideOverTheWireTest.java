package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.BundleVerifier;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.proctoring.integrity.VerificationResult;
import org.wlcy.classroom.proctoring.integrity.VerifyBundleCommand;
import org.wlcy.classroom.proctoring.store.StoreFiles;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * "One trainee can stop the whole server" (issue F, item 8): a hostile value in a trace event is
 * refused with 103 before anything is durable and the class goes on; records with a hostile value
 * in every field, written into the store's files past every check (as an older version or a
 * damaged disk would leave them), neither keep the gateway from starting again nor stop the class's
 * checkpoints: they are set aside, {@code /readyz} says so, new appends work, and the exported
 * bundle verifies with the offline verifier.
 */
class TraceSetAsideOverTheWireTest {
    private static final String SECRET = "trace-set-aside-over-the-wire-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-trace");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private Gateway start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET));
        return Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private String token(String user, Role role) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A", "",
                Instant.EPOCH), Duration.ofMinutes(10));
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(gateway.port(), token(user, role), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private static Map<String, Object> ev(String id, String kind, Object clientTime, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        if (clientTime != null) {
            m.put("clientTime", clientTime);
        }
        m.put("data", data);
        return m;
    }

    private List<TraceEvent> stored() {
        return gateway.proctoring().store().read(CLASS, 0, 100_000);
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void restart() throws Exception {
        clients.forEach(WsTestClient::close);
        clients.clear();
        gateway.close();
        gateway = null;
        gateway = start();
    }

    @Test
    void aHostileClientTimeIsRefusedWithACodeAndTheClassGoesOn() throws Exception {
        gateway = start();
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        trainee.ok("trace.append", "events", List.of(ev("a-1", "focus.hidden", null, Map.of())));

        JsonNode refused = trainee.request("trace.append", "events", List.of(
                ev("a-2", "focus.visible", null, Map.of("hiddenMs", 5)),
                ev("a-3", "focus.blur", "+10000-01-01T00:00:00Z", Map.of())));
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asInt()).as(refused.toString()).isEqualTo(103);
        assertThat(refused.path("message").asText()).contains("clientTime");
        JsonNode badId = trainee.request("trace.append", "events", List.of(ev("a-\u0000", "focus.blur", null, Map.of())));
        assertThat(badId.path("code").asInt()).as(badId.toString()).isEqualTo(103);
        assertThat(badId.path("message").asText()).contains("events[0].id");
        // Nothing of the refused batches is durable; the class's next appends are acknowledged.
        assertThat(stored()).extracting(TraceEvent::eventId).doesNotContain("t1/a-2", "t1/a-3", "t1/a-\u0000");
        trainee.ok("trace.append", "events", List.of(ev("a-2", "focus.visible", null, Map.of("hiddenMs", 5))));

        restart();
        assertThat(stored()).extracting(TraceEvent::eventId).contains("t1/a-1", "t1/a-2");
        HttpResponse<byte[]> ready = get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void recordsWithHostileValuesOnDiskAreSetAsideAndTheServerStartsCheckpointsAndExports() throws Exception {
        gateway = start();
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        trainee.ok("trace.append", "events", List.of(ev("b-1", "focus.hidden", "2026-11-29T08:10:00.5Z", Map.of())));
        clients.forEach(WsTestClient::close);
        clients.clear();
        gateway.close();
        gateway = null;

        // As an older version, a bug or a damaged disk could have left them: past every check.
        Path store = dataDir.resolve("trace");
        long size;
        try (var closed = org.wlcy.classroom.proctoring.store.FileTraceStore.open(store)) {
            size = closed.size(CLASS);
        }
        Instant at = Instant.now();
        var hostile = StoreFiles.hostileRecords(CLASS, size, new UserId("t1"), at, "t1/b-1");
        hostile.forEach(h -> StoreFiles.appendRecord(store, CLASS, h.getValue()));
        long damagedAt = Files.size(StoreFiles.eventsFile(store, CLASS));
        StoreFiles.appendRecord(store, CLASS, StoreFiles.recordOf(new TraceEvent(size + hostile.size(), CLASS,
                "lesson-1", new UserId("t1"), TraceKind.HEARTBEAT, at, "t1/old-ok", null, Map.of("visible", true))));
        StoreFiles.appendRecord(store, CLASS, StoreFiles.recordOf(new TraceEvent(size + hostile.size() + 1, CLASS,
                "lesson-1", new UserId("t1"), TraceKind.HEARTBEAT, at, "t1/old-ok-2", null, Map.of("visible", true))));
        StoreFiles.flipPayloadBit(store, CLASS, damagedAt);
        int setAside = hostile.size() + 1;
        long lastSetAside = size + hostile.size();

        gateway = start(); // the same data folder: a server restart
        HttpResponse<byte[]> ready = get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode readyBody = JSON.readTree(ready.body());
        assertThat(readyBody.path("status").asText()).as(readyBody.toString()).isEqualTo("degraded");
        assertThat(readyBody.path("media").asText()).isEqualTo("up");
        assertThat(readyBody.path("trace").asText()).isEqualTo("degraded");
        assertThat(readyBody.path("traceSetAside").asInt()).isEqualTo(setAside);
        List<TraceEvent> log = stored();
        assertThat(log).extracting(TraceEvent::index)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, log.size()).boxed().toList());
        assertThat(log).filteredOn(e -> e.kind() == TraceKind.RECORD_SET_ASIDE).hasSize(setAside);
        assertThat(log).extracting(TraceEvent::eventId).contains("t1/b-1", "t1/old-ok-2");

        // New appends work, and the class's checkpoints advance past the set-aside records.
        WsTestClient trainee2 = joined("t1", Role.TRAINEE);
        for (int batch = 0; batch < 10; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                events.add(ev("c-" + batch + "-" + i, "presence.heartbeat", null, Map.of("visible", true)));
            }
            JsonNode ack = trainee2.ok("trace.append", "events", events);
            assertThat(ack.path("acked").size()).isEqualTo(100);
        }
        List<Checkpoint> checkpoints = Await.until("a checkpoint covering the set-aside records", Duration.ofSeconds(20),
                () -> gateway.proctoring().store().checkpoints(CLASS),
                cps -> !cps.isEmpty() && cps.get(cps.size() - 1).treeSize() > lastSetAside);
        assertThat(checkpoints.get(checkpoints.size() - 1).treeSize()).isGreaterThanOrEqualTo(1000);

        // The exported bundle verifies with the offline verifier and the trusted key.
        String regulator = token("g1", Role.REGULATOR);
        HttpResponse<byte[]> zip = get("/api/regulator/classes/" + CLASS.value() + "/bundle.zip?from=1970-01-01&to="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2), regulator);
        assertThat(zip.statusCode()).as(new String(zip.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Path bundle = work.resolve("bundle.zip");
        Files.write(bundle, zip.body());
        Path key = work.resolve("key.pem");
        Files.writeString(key, gateway.proctoring().signer().publicKeyPem());
        VerificationResult result = new BundleVerifier(gateway.proctoring().signer().publicKey()).verify(bundle);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.events()).isEqualTo(gateway.proctoring().store().size(CLASS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK class c-trace");

        // A second restart hashes the same placeholders: no fault, the same count.
        restart();
        assertThat(gateway.proctoring().setAside()).hasSize(setAside);
        assertThat(JSON.readTree(get("/readyz", null).body()).path("traceSetAside").asInt()).isEqualTo(setAside);
        WsTestClient again = joined("t1", Role.TRAINEE);
        again.ok("trace.append", "events", List.of(ev("d-1", "focus.hidden", null, Map.of())));
    }
}
