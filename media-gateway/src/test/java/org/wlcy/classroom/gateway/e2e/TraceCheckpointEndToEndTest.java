package org.wlcy.classroom.gateway.e2e;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.proctoring.integrity.VerifyBundleCommand;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Issue L in headless Chromium (zh-CN, no Janus): on a class's page the regulator desk shows the
 * class's current signed checkpoint and saves it with one click; the saved file is what
 * {@code verify-bundle --known-checkpoints} reads, and a later bundle verifies against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceCheckpointEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "trace-checkpoint-e2e-secret-trace-checkpoint-e2e";
    private static final ClassroomId CLASS = new ClassroomId("c-e2e-ckpt");
    private static final String REGION = "440305";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        dataDir = Files.createTempDirectory("ckpt-e2e");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false", "--trace.checkpointEvents=5")),
                new FakeMediaServer(), Clock.systemUTC());
        Instant start = Instant.now().minus(Duration.ofHours(2));
        List<TraceEvent> events = new ArrayList<>();
        events.add(event("l01", TraceKind.SESSION_STARTED, start, Map.of("sessionId", "lesson-1")));
        events.add(event("t01", TraceKind.JOINED, start, Map.of("participantId", "p-1", "role", "trainee",
                "name", "张三", "inst", "深圳创业学院", "region", REGION)));
        for (int i = 1; i <= 20; i++) {
            events.add(event("t01", TraceKind.HEARTBEAT, start.plusSeconds(30L * i), Map.of("visible", true)));
        }
        gateway.proctoring().trace().append(events).toCompletableFuture().get();
        Await.until("a checkpoint of the seeded events", UI,
                () -> gateway.proctoring().store().checkpoints(CLASS).stream().anyMatch(c -> c.treeSize() >= 20));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    @Test
    void theDeskShowsTheCurrentCheckpointAndSavesItForTheVerifier() throws Exception {
        String token = gateway.tokens().issue(new Identity(new UserId("r01"), "督导员", Role.REGULATOR, Set.of(),
                "", "440000", Instant.EPOCH), Duration.ofHours(1));
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open("http://127.0.0.1:" + gateway.port() + "/regulator.html?token=" + token);
            String row = "#overview-table tbody tr[data-classroom-id='" + CLASS.value() + "']";
            page.await("the overview lists the class", UI, () -> !page.elements(row).isEmpty());
            assertThat(page.elements("#ckpt-card")).isNotEmpty();
            page.element(row).click();
            page.await("the checkpoint card is ready", UI,
                    () -> "ready".equals(page.element("#ckpt-card").getAttribute("data-state")));
            Checkpoint newest = gateway.proctoring().integrity().newestCheckpoint(CLASS).orElseThrow();
            long shown = Long.parseLong(page.element("#ckpt-card").getAttribute("data-tree-size"));
            assertThat(shown).isLessThanOrEqualTo(newest.treeSize()).isGreaterThanOrEqualTo(20);
            assertThat(page.element("#ckpt-title").getText()).isEqualTo("当前签名检查点");
            assertThat(page.element("[data-testid=ckpt-facts]").getText()).contains("事件数（树大小）").contains("默克尔根")
                    .contains("签名时间（北京时间）").contains(gateway.proctoring().signer().keyId());
            assertThat(page.element("[data-testid=ckpt-save]").getText()).isEqualTo("保存检查点");
            assertThat(page.element("[data-testid=ckpt-command]").getText())
                    .contains("--class " + CLASS.value()).contains("--known-checkpoints known-checkpoints.jsonl");
            page.element("[data-testid=ckpt-save]").click();
            page.await("the checkpoint is saved", UI, () -> page.script("return window.traceCheckpoint.lastSaved") != null);
            assertThat(page.element("[data-testid=ckpt-saved]").getText()).startsWith("已保存 " + CLASS.value()
                    + "-checkpoint-" + shown + ".jsonl");
            page.screenshot("ckpt-regulator-desk");
            String saved = (String) page.script("return window.traceCheckpoint.lastSaved.text");

            // the saved file is a known checkpoint for verify-bundle; a later bundle verifies against it
            Path known = dataDir.resolve("known-checkpoints.jsonl");
            Files.writeString(known, saved, StandardCharsets.UTF_8);
            assertThat(saved).endsWith("\n").contains("\"treeSize\":" + shown + "}");
            HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                    + "/api/regulator/classes/" + CLASS.value() + "/bundle.zip")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zip.statusCode()).isEqualTo(200);
            Path bundle = dataDir.resolve("bundle.zip");
            Files.write(bundle, zip.body());
            Path key = dataDir.resolve("key.pem");
            Files.writeString(key, gateway.proctoring().signer().publicKeyPem());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            int exit = VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString(), "--class",
                    CLASS.value(), "--known-checkpoints", known.toString()}, ps, ps);
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("consistent with 1 known checkpoint");
        }
    }

    private static TraceEvent event(String user, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, CLASS, "lesson-1", new UserId(user), kind, at, "srv/e2e-" + SEQ.incrementAndGet(),
                null, data);
    }
}
