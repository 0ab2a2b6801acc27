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
        // §6: the exact bytes signed for manifest.sig, by length and SHA-256
        byte[] manifest = Files.readAllBytes(bundle.resolve(TraceBundle.MANIFEST));
        byte[] signed = CheckpointSigner.tagged(TraceBundle.MANIFEST_SIGNATURE_TAG, manifest);
        String signedFacts = "the signed message has " + signed.length + " bytes (30 + " + manifest.length
                + "), SHA-256 `" + MerkleTree.hex(MerkleTree.sha256(signed)) + "`";
        if (Boolean.getBoolean("printExample")) {
            System.out.println(signedFacts);
        }
        assertThat(doc).contains(signedFacts);
    }

    /**
     * §9.1: the consistency proof from 3 to 7 of the log whose leaves are the one-byte lines
     * {@code 0} … {@code 6}, each value the document quotes, and that it verifies step by step.
     */
    @Test
    void theWorkedConsistencyProofIsWhatTheCodeProducesAndVerifies() throws Exception {
        List<byte[]> leaves = new java.util.ArrayList<>();
        MerkleLevels levels = new MerkleLevels();
        for (int i = 0; i < 7; i++) {
            byte[] leaf = MerkleTree.leafHash(String.valueOf(i).getBytes(StandardCharsets.US_ASCII));
            leaves.add(leaf);
            levels.append(leaf);
        }
        List<byte[]> proof = MerkleTree.consistencyProof(leaves, 3);
        assertThat(levels.consistencyProof(3, 7)).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(proof);
        byte[] root3 = MerkleTree.root(leaves.subList(0, 3));
        byte[] root7 = MerkleTree.root(leaves);
        assertThat(MerkleTree.verifyConsistency(3, 7, proof, root3, root7)).isTrue();
        byte[] l01 = MerkleTree.nodeHash(leaves.get(0), leaves.get(1));
        byte[] l23 = MerkleTree.nodeHash(leaves.get(2), leaves.get(3));
        byte[] l03 = MerkleTree.nodeHash(l01, l23);
        byte[] l46 = MerkleTree.nodeHash(MerkleTree.nodeHash(leaves.get(4), leaves.get(5)), leaves.get(6));
        // the proof is [L2, L3, node(L0,L1), MTH(4..6)], as RFC 6962 §2.1.2 builds it
        assertThat(proof).usingElementComparator(java.util.Arrays::compare)
                .containsExactly(leaves.get(2), leaves.get(3), l01, l46);
        // the verifier's running hashes (RFC 9162 §2.1.4.2), as the document walks them
        byte[] sr1 = MerkleTree.nodeHash(leaves.get(2), leaves.get(3)); // step 1: fn even, not sn: sr only
        byte[] fr2 = MerkleTree.nodeHash(l01, leaves.get(2)); // step 2: fn odd: both
        byte[] sr2 = MerkleTree.nodeHash(l01, sr1);
        byte[] sr3 = MerkleTree.nodeHash(sr2, l46); // step 3: fn 0, sn 1: sr only
        assertThat(sr1).isEqualTo(l23);
        assertThat(fr2).isEqualTo(root3);
        assertThat(sr2).isEqualTo(l03);
        assertThat(sr3).isEqualTo(root7);
        ConsistencyProof line = new ConsistencyProof(3, 7, proof);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        List<String> quoted = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            quoted.add(MerkleTree.hex(leaves.get(i)));
        }
        for (byte[] h : new byte[][] {l01, l23, l46, root3, root7, sr2}) {
            quoted.add(MerkleTree.hex(h));
        }
        quoted.add(new String(line.line(), StandardCharsets.UTF_8));
        if (Boolean.getBoolean("printExample")) {
            quoted.forEach(q -> System.out.println("quote " + q));
        }
        for (String q : quoted) {
            assertThat(doc).as("docs/trace-bundle.md §9.1 must quote %s", q).contains(q);
        }
    }
}
