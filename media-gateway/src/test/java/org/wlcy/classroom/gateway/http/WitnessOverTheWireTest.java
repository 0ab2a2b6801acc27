package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.wlcy.classroom.proctoring.integrity.CheckpointNote;
import org.wlcy.classroom.proctoring.integrity.CosignatureFile;
import org.wlcy.classroom.proctoring.integrity.TestWitness;
import org.wlcy.classroom.proctoring.integrity.VerifyBundleCommand;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * issue L witnesses over the wire: a gateway configured with two witnesses ({@code trace.witnesses}), one a
 * real C2SP witness on 127.0.0.1 ({@link TestWitness}: it checks the log's signature and the
 * consistency proof from the size it cosigned before), the other down. The class goes on (every
 * {@code trace.append} is acknowledged), the dead witness shows as {@code classroom_witness_lag},
 * the live one cosigns every new checkpoint, a downloaded bundle passes {@code verify-bundle
 * --witness-key} for the live witness and fails for the dead one, and the cosignatures survive a
 * restart.
 */
class WitnessOverTheWireTest {
    private static final String SECRET = "witness-over-the-wire-secret-0123456789abcdef";
    private static final ClassroomId CLASS = new ClassroomId("c-witness");
    private static final String ORIGIN = "classroom.test/wlcy-trace";
    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestWitness live;
    private TestWitness dead;
    private int seq;

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (gateway != null) {
            gateway.close();
        }
        if (live != null) {
            live.close();
        }
    }

    private Gateway start(String witnesses) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--trace.checkpointEvents=3",
                "--trace.checkpointSeconds=1", "--trace.origin=" + ORIGIN, "--trace.witnessTimeoutSeconds=2",
                "--trace.witnesses=" + witnesses));
        return Gateway.start(config, new FakeMediaServer(), Clock.systemUTC());
    }

    private String token(String user, Role role, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(CLASS), "机构A", region,
                Instant.EPOCH), Duration.ofMinutes(10));
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(gateway.port(), token(user, role, "440305"), null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private void traineeEvents(WsTestClient trainee, int n) {
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

    private long newestSize() {
        return gateway.proctoring().integrity().newestCheckpoint(CLASS).map(c -> c.treeSize()).orElse(0L);
    }

    private double lag() {
        String text;
        try {
            text = new String(get("/metrics", null).body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return text.lines().filter(l -> l.startsWith("classroom_witness_lag")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private com.fasterxml.jackson.databind.JsonNode liveCheckpoint() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/classes/" + CLASS.value()
                    + "/trace/checkpoint", token("g1", Role.REGULATOR, "440000")).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exit, String out) {
    }

    private Run verify(Path bundle, Path key, Path witnessKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString(), "--class",
                CLASS.value(), "--witness-key", witnessKey.toString()}, ps, ps);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private Path download(String name) throws Exception {
        String regulator = token("g1", Role.REGULATOR, "440000");
        String range = "?from=1970-01-01&to=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2);
        HttpResponse<byte[]> zip = get("/api/regulator/classes/" + CLASS.value() + "/bundle.zip" + range, regulator);
        assertThat(zip.statusCode()).isEqualTo(200);
        Path bundle = work.resolve(name);
        Files.write(bundle, zip.body());
        return bundle;
    }

    @Test
    void aDeadWitnessDoesNotStopTheClassTheLiveOneCosignsAndBundlesCarryItsCosignatureAcrossARestart() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        // the log's key is created by the gateway on first start; the witnesses must trust it, so start once to read it
        gateway = start("");
        java.security.PublicKey logKey = gateway.proctoring().signer().publicKey();
        gateway.close();
        live = new TestWitness("witness.test/live", g.generateKeyPair(), logKey, ORIGIN, Clock.systemUTC());
        String liveUrl = live.start();
        dead = new TestWitness("witness.test/dead", g.generateKeyPair(), logKey, ORIGIN, Clock.systemUTC());
        String deadUrl = dead.start();
        dead.close(); // nobody listens there any more
        String witnesses = live.verifierKey().text() + "@" + liveUrl + "," + dead.verifierKey().text() + "@" + deadUrl;
        gateway = start(witnesses);

        WsTestClient lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        WsTestClient trainee = joined("t1", Role.TRAINEE);
        for (int i = 0; i < 8; i++) {
            traineeEvents(trainee, 4); // each acknowledged, although one witness is down
        }
        Await.until("checkpoints covering the 32 events", Duration.ofSeconds(30), () -> newestSize() >= 32);
        String origin = CheckpointNote.origin(ORIGIN, CLASS);
        Await.until("the live witness cosigns the newest checkpoint", Duration.ofSeconds(30),
                () -> live.size(origin) == newestSize());
        assertThat(live.answers()).allMatch(a -> a.status() == 200 || a.status() == 409)
                .anyMatch(a -> a.status() == 200);
        Await.until("the dead witness shows as lag", Duration.ofSeconds(10), () -> lag() >= 32);

        Path key = work.resolve("key.pem");
        Files.write(key, get("/api/regulator/public-key", token("g1", Role.REGULATOR, "440000")).body());
        Path liveKey = work.resolve("live.vkey");
        Files.writeString(liveKey, live.verifierKey().text() + "\n");
        Path deadKey = work.resolve("dead.vkey");
        Files.writeString(deadKey, dead.verifierKey().text() + "\n");

        // the live checkpoint as a C2SP note: the server's signature under the origin, and the live witness's cosignature
        // (the witness records the checkpoint before its answer reaches the gateway: wait for the gateway to keep it)
        com.fasterxml.jackson.databind.JsonNode cp = Await.until(
                "the gateway keeps the live witness's cosignature of the newest checkpoint", Duration.ofSeconds(30),
                this::liveCheckpoint, c -> {
                    CheckpointNote.Note n = CheckpointNote.Note.parse(c.path("note").asText());
                    return n.signatures().stream()
                            .anyMatch(sl -> CheckpointNote.verifyCosignature(live.verifierKey(), n.body(), sl).isPresent());
                });
        CheckpointNote.Note note = CheckpointNote.Note.parse(cp.path("note").asText());
        assertThat(note.body()).startsWith(origin + "\n" + cp.path("treeSize").asLong() + "\n");
        assertThat(CheckpointNote.verifyNoteSignature(gateway.proctoring().signer().noteKey(origin), note.body(),
                note.signatures().get(0))).isTrue();
        assertThat(note.signatures()).anyMatch(sl -> CheckpointNote.verifyCosignature(live.verifierKey(), note.body(), sl)
                .isPresent());

        Path bundle = download("bundle-1.zip");
        Run ok = verify(bundle, key, liveKey);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("newest checkpoint cosigned by witness.test/live at ");
        Run missing = verify(bundle, key, deadKey);
        assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
        assertThat(missing.out()).contains("carries no cosignature of witness witness.test/dead");

        // the cosignatures are durable: after a restart, a bundle still carries them
        assertThat(Files.readAllLines(dataDir.resolve(CosignatureFile.DIR).resolve(CosignatureFile.FILE)))
                .anyMatch(l -> l.contains("\"witness\":\"witness.test/live\""));
        clients.forEach(WsTestClient::close);
        clients.clear();
        gateway.close();
        gateway = start(witnesses);
        Path again = download("bundle-2.zip");
        Run after = verify(again, key, liveKey);
        assertThat(after.exit()).as(after.out()).isZero();
    }
}
