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
import java.nio.file.StandardOpenOption;
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
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.proctoring.integrity.MerkleTree;
import org.wlcy.classroom.proctoring.integrity.VerifyBundleCommand;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Issue L over the wire: the live checkpoint and consistency API (roles, coded errors, a proof that
 * verifies), and genuine bundles downloaded one after another while a class runs on a short
 * checkpoint interval, each at least 10 checkpoints after the one before, each verified by
 * {@code verify-bundle --class --known-checkpoints --remember} against all the earlier ones'
 * checkpoints and against a checkpoint fetched live.
 */
class TraceCheckpointOverTheWireTest {
    private static final String SECRET = "trace-checkpoint-over-the-wire-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-ckpt");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private WsTestClient trainee;
    private int seq;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--trace.checkpointEvents=3",
                "--trace.checkpointSeconds=1"));
        gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
        WsTestClient lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        trainee = joined("t1", Role.TRAINEE);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private String token(String user, Role role, String region, ClassroomId... classes) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role,
                classes.length == 0 ? Set.of(CLASS) : Set.of(classes), "机构A", region, Instant.EPOCH),
                Duration.ofMinutes(10));
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(gateway.port(), token(user, role, "440305"), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private void traineeEvents(int n) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Map.of("id", "e-" + seq++, "kind", "presence.heartbeat", "data", Map.of("visible", true)));
        }
        trainee.ok("trace.append", "events", events);
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode getJson(String path, String token, int status) throws Exception {
        HttpResponse<byte[]> res = get(path, token);
        String body = new String(res.body(), StandardCharsets.UTF_8);
        assertThat(res.statusCode()).as(path + " " + body).isEqualTo(status);
        return JSON.readTree(body);
    }

    private int storedCheckpoints() {
        return gateway.proctoring().store().checkpoints(CLASS).size();
    }

    private String base() {
        return "/api/classes/" + CLASS.value() + "/trace/";
    }

    @Test
    void theLiveCheckpointAndProofsAnswerLecturersAndRegulatorsOfTheRegionWithCodedErrors() throws Exception {
        traineeEvents(10);
        String regulator = token("g1", Role.REGULATOR, "440000");
        Await.until("a checkpoint", Duration.ofSeconds(20), () -> storedCheckpoints() > 0);

        JsonNode first = getJson(base() + "checkpoint", regulator, 200);
        assertThat(first.path("classroomId").asText()).isEqualTo(CLASS.value());
        assertThat(first.path("keyId").asText()).isEqualTo(gateway.proctoring().signer().keyId());
        Checkpoint parsed = org.wlcy.classroom.proctoring.integrity.CanonicalJson.parseCheckpoint(
                first.path("line").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.treeSize()).isEqualTo(first.path("treeSize").asLong());
        assertThat(org.wlcy.classroom.proctoring.integrity.CheckpointSigner.verify(parsed,
                gateway.proctoring().signer().publicKey())).isTrue();
        assertThat(getJson(base() + "checkpoint", token("l1", Role.LECTURER, "440305"), 200).path("treeSize").asLong())
                .isGreaterThanOrEqualTo(parsed.treeSize());

        // a proof from that checkpoint to a later one verifies with their roots
        int before = storedCheckpoints();
        traineeEvents(9);
        Await.until("a later checkpoint", Duration.ofSeconds(20), () -> storedCheckpoints() > before);
        JsonNode later = getJson(base() + "checkpoint", regulator, 200);
        long m = parsed.treeSize();
        long n = later.path("treeSize").asLong();
        assertThat(n).isGreaterThan(m);
        JsonNode proof = getJson(base() + "consistency?from=" + m + "&to=" + n, regulator, 200);
        assertThat(proof.path("fromRoot").asText()).isEqualTo(parsed.rootHash());
        assertThat(proof.path("toRoot").asText()).isEqualTo(later.path("rootHash").asText());
        List<byte[]> hashes = new ArrayList<>();
        proof.path("proof").forEach(h -> hashes.add(MerkleTree.unhex(h.asText())));
        assertThat(MerkleTree.verifyConsistency(m, n, hashes, MerkleTree.unhex(parsed.rootHash()),
                MerkleTree.unhex(later.path("rootHash").asText()))).isTrue();
        // to defaults to the newest checkpoint
        assertThat(getJson(base() + "consistency?from=" + m, regulator, 200).path("toSize").asLong())
                .isGreaterThanOrEqualTo(n);

        // coded errors naming the field
        for (String[] bad : new String[][] {{"", "from"}, {"from=abc", "from"}, {"from=-1", "from"},
                {"from=" + (n + 1) + "&to=" + n, "from"}, {"from=1&to=99999999", "to"}, {"from=1&from=2", "from"},
                {"from=01", "from"}}) {
            JsonNode e = getJson(base() + "consistency?" + bad[0], regulator, 400);
            assertThat(e.path("code").asInt()).as(bad[0] + " " + e).isEqualTo(103);
            assertThat(e.path("message").asText()).as(bad[0]).startsWith(bad[1] + ":");
        }

        // roles
        assertThat(getJson(base() + "checkpoint", token("g2", Role.REGULATOR, "110000"), 403).path("code").asInt())
                .isEqualTo(303);
        assertThat(getJson(base() + "checkpoint", token("t1", Role.TRAINEE, "440305"), 403).path("code").asInt())
                .isEqualTo(304);
        assertThat(getJson(base() + "checkpoint", token("l9", Role.LECTURER, "440305", new ClassroomId("c-other")), 403)
                .path("code").asInt()).isEqualTo(303);
        assertThat(get(base() + "checkpoint", null).statusCode()).isEqualTo(401);
        assertThat(getJson("/api/classes/no-such-class/trace/checkpoint", regulator, 404).path("code").asInt())
                .isEqualTo(200);
    }

    @Test
    void genuineBundlesDownloadedOneAfterAnotherVerifyAgainstAllEarlierCheckpoints() throws Exception {
        String regulator = token("g1", Role.REGULATOR, "440000");
        Path key = work.resolve("trace-public-key.pem");
        Files.write(key, get("/api/regulator/public-key", regulator).body());
        Path known = work.resolve("known-checkpoints.jsonl");
        Path live = work.resolve("live-checkpoints.jsonl");
        String range = "?from=1970-01-01&to=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2);
        long lastSize = -1;
        int lastCount = 0;
        for (int round = 0; round < 11; round++) {
            int before = storedCheckpoints();
            for (int i = 0; i < 12; i++) {
                traineeEvents(4);
            }
            Await.until("10 more checkpoints", Duration.ofSeconds(30), () -> storedCheckpoints() >= before + 10);
            if (round % 3 == 1) {
                // the desk's one click: the live checkpoint's line, saved for later
                JsonNode cp = getJson(base() + "checkpoint", regulator, 200);
                Files.writeString(live, cp.path("line").asText() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            HttpResponse<byte[]> zip = get("/api/regulator/classes/" + CLASS.value() + "/bundle.zip" + range, regulator);
            assertThat(zip.statusCode()).isEqualTo(200);
            Path bundle = work.resolve("bundle-" + round + ".zip");
            Files.write(bundle, zip.body());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            int exit = VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString(),
                    "--class", CLASS.value(), "--known-checkpoints", known.toString(), "--remember"}, ps, ps);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            if (round > 0) {
                assertThat(text).contains("consistent with " + round + " known checkpoint");
            }
            if (Files.exists(live)) {
                out.reset();
                exit = VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString(),
                        "--class", CLASS.value(), "--known-checkpoints", live.toString()}, ps, ps);
                assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            }
            List<String> lines = Files.readAllLines(known);
            assertThat(lines).hasSize(round + 1);
            String newest = lines.get(round);
            long size = Long.parseLong(newest.replaceAll(".*\"treeSize\":(\\d+)}$", "$1"));
            assertThat(size).isGreaterThan(lastSize);
            int count = (int) gateway.proctoring().store().checkpoints(CLASS).stream()
                    .filter(c -> c.treeSize() <= size).count();
            if (round > 0) {
                assertThat(count - lastCount).as("checkpoints between two downloads").isGreaterThanOrEqualTo(10);
            }
            lastSize = size;
            lastCount = count;
        }
        // and an older download is now refused against what was remembered
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = VerifyBundleCommand.run(new String[] {work.resolve("bundle-3.zip").toString(), "--public-key",
                key.toString(), "--class", CLASS.value(), "--known-checkpoints", known.toString()}, ps, ps);
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the bundle is older than this checkpoint seen before");
    }
}
