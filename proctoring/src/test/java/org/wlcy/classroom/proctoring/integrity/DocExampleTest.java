package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Builds the worked example of {@code docs/trace-bundle.md} with a fixed key and clock, and checks
 * that every value the document quotes is what the code produces.
 */
class DocExampleTest {
    private static final Path DOC = Path.of("..", "docs", "trace-bundle.md");

    @TempDir
    Path tmp;

    static Path buildExample(Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T08:00:00Z"));
        InMemoryTraceStore store = new InMemoryTraceStore();
        CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 7));
        TraceIntegrity integrity = new TraceIntegrity(store, clock, signer, Runnable::run,
                new CheckpointPolicy(2, Duration.ofSeconds(60)));
        integrity.start();
        ClassroomId c = new ClassroomId("sz-2026-11");
        clock.advance(Duration.ofMillis(1500));
        integrity.traceLog().append(List.of(new TraceEvent(-1, c, "lesson-1", new UserId("t01"), TraceKind.JOINED,
                clock.instant(), "srv/1", null, Map.of("participantId", "p-1", "role", "trainee")))).toCompletableFuture().join();
        clock.advance(Duration.ofSeconds(30));
        integrity.traceLog().append(List.of(new TraceEvent(-1, c, "lesson-1", new UserId("t01"),
                TraceKind.VISIBILITY_VISIBLE, clock.instant(), "t01/7", clock.instant().minusMillis(250),
                Map.of("hiddenMs", 4200L)))).toCompletableFuture().join();
        clock.advance(Duration.ofSeconds(30));
        integrity.traceLog().append(List.of(new TraceEvent(-1, c, "lesson-1", new UserId("t01"), TraceKind.SIGN_IN,
                clock.instant(), "srv/2", null, Map.of("method", "click", "result", "签到成功")))).toCompletableFuture().join();
        clock.advance(Duration.ofSeconds(10));
        Path bundle = dir.resolve("sz-2026-11-bundle");
        new TraceBundleExporter(store, integrity, signer, clock).export(c, Instant.parse("2026-11-29T08:00:00Z"),
                Instant.parse("2026-11-29T08:01:00Z"), bundle);
        return bundle;
    }

    @Test
    void theDocumentQuotesWhatTheCodeProduces() throws Exception {
        Path bundle = buildExample(tmp);
        assertThat(new BundleVerifier().verify(bundle).ok()).isTrue();
        if (Boolean.getBoolean("printExample")) {
            for (String name : TraceBundle.ALL_FILES) {
                System.out.println("==== " + name + "\n" + Files.readString(bundle.resolve(name), StandardCharsets.UTF_8));
            }
            for (String line : Files.readAllLines(bundle.resolve(TraceBundle.EVENTS), StandardCharsets.UTF_8)) {
                System.out.println("leaf " + MerkleTree.hex(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8))));
            }
        }
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (String name : TraceBundle.ALL_FILES) {
            String content = Files.readString(bundle.resolve(name), StandardCharsets.UTF_8);
            for (String line : content.split("\n")) {
                assertThat(doc).as("docs/trace-bundle.md must quote this line of %s", name).contains(line);
            }
        }
        List<String> lines = Files.readAllLines(bundle.resolve(TraceBundle.EVENTS), StandardCharsets.UTF_8);
        for (String line : lines) {
            String leaf = MerkleTree.hex(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8)));
            assertThat(doc).contains(leaf);
        }
    }
}
