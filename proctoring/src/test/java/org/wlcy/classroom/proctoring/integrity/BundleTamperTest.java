package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Tamper trials on a real exported bundle: every change must be caught, and the verifier must name
 * the first bad record or checkpoint.
 */
class BundleTamperTest {
    private static final ClassroomId C = TraceEvents.CLASS;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock();
    private final InMemoryTraceStore store = new InMemoryTraceStore();
    private final CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
    private final CheckpointSigner otherSigner = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 2));
    private Path bundle;
    private Map<String, byte[]> original;

    @BeforeEach
    void exportABundle() throws IOException {
        TraceIntegrity integrity = new TraceIntegrity(store, clock, signer, Runnable::run,
                new CheckpointPolicy(10, Duration.ofSeconds(60)));
        integrity.start();
        for (int seq = 0; seq < 37; seq++) {
            clock.advance(Duration.ofSeconds(seq == 24 ? 90 : 2));
            integrity.tick();
            TraceEvent e = TraceEvents.event(C, seq, clock.instant());
            integrity.traceLog().append(List.of(e)).toCompletableFuture().join();
        }
        clock.advance(Duration.ofSeconds(5));
        Instant start = MutableClock.DEFAULT_START;
        bundle = tmp.resolve("bundle");
        BundleSummary summary = new TraceBundleExporter(store, integrity, signer, clock)
                .export(C, start.plusSeconds(10), start.plusSeconds(40), bundle);
        assertThat(summary.treeSize()).isEqualTo(37);
        original = new TreeMap<>();
        for (String name : TraceBundle.ALL_FILES) {
            original.put(name, Files.readAllBytes(bundle.resolve(name)));
        }
    }

    private VerificationResult verify() throws IOException {
        return new BundleVerifier(signer.publicKey()).verify(bundle);
    }

    private void put(String file, byte[] bytes) throws IOException {
        Files.write(bundle.resolve(file), bytes);
    }

    private void restore() throws IOException {
        for (Map.Entry<String, byte[]> e : original.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    private List<byte[]> lines(String file) {
        List<byte[]> out = new ArrayList<>();
        byte[] b = original.get(file);
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.writeBytes(l);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** 1-based line of a byte offset (a newline belongs to the line it ends). */
    private static long lineOf(byte[] file, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (file[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void assertNames(VerificationResult r, String file, long line) {
        assertThat(r.ok()).as("must fail").isFalse();
        VerificationResult.Failure f = r.failure();
        assertThat(f.file()).as(f.describe()).isEqualTo(file);
        assertThat(line).as(f.describe()).isBetween(f.line(), f.lastLine());
    }

    @Test
    void theUntouchedBundleVerifiesAsAFolderAndAsAZip() throws IOException {
        VerificationResult r = verify();
        assertThat(r.ok()).as(r.summary()).isTrue();
        assertThat(r.events()).isEqualTo(37);
        assertThat(r.checkpoints()).isEqualTo(5);
        assertThat(r.eventsInRange()).isEqualTo(15);
        assertThat(r.trustedKey()).isTrue();
        assertThat(r.summary()).startsWith("OK class wlcy-2026-11-sz01: 37 events (15 in range), 5 checkpoints");
        assertThat(new String(original.get(TraceBundle.CHECKPOINTS), StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll(".*\"treeSize\":(\\d+)}", "$1")).toList()).containsExactly("10", "20", "24", "34", "37");

        Path zip = tmp.resolve("bundle.zip");
        TraceBundleExporter.zip(bundle, zip);
        assertThat(new BundleVerifier(signer.publicKey()).verify(zip).ok()).isTrue();
        assertThat(new BundleVerifier().verify(zip).warnings()).anyMatch(w -> w.contains("no trusted key"));
    }

    @Test
    void theCommandPrintsOkOrTheFirstProblemWithExitCodes() throws IOException {
        Path key = tmp.resolve("trusted.pem");
        Files.writeString(key, signer.publicKeyPem());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString()}, ps, ps))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK ");

        Files.writeString(key, otherSigner.rawPublicKeyBase64());
        out.reset();
        assertThat(VerifyBundleCommand.run(new String[] {bundle.toString(), "--public-key", key.toString()}, ps, ps))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("FAIL public-key.pem");

        out.reset();
        assertThat(VerifyBundleCommand.run(new String[] {}, ps, ps)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: verify-bundle PATH");
    }

    @Test
    void flippedBytesInEveryFileAreCaughtAndNamed() throws IOException {
        int trials = 0;
        for (String file : TraceBundle.ALL_FILES) {
            byte[] good = original.get(file);
            // every byte of the small files, every third byte of events.jsonl (masks 0x01 and 0x80 alternating)
            int step = file.equals(TraceBundle.EVENTS) ? 3 : 1;
            for (int i = 0; i < good.length; i += step) {
                for (int mask : new int[] {i % 2 == 0 ? 0x01 : 0x80}) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) mask;
                    put(file, bad);
                    VerificationResult r = verify();
                    String what = file + " byte " + i + " ^ " + mask + ": " + r.summary();
                    assertThat(r.ok()).as(what).isFalse();
                    switch (file) {
                        case TraceBundle.EVENTS, TraceBundle.CHECKPOINTS -> assertNames(r, file, lineOf(good, i));
                        case TraceBundle.MANIFEST, TraceBundle.MANIFEST_SIGNATURE ->
                                assertThat(r.failure().file()).as(what).isIn(TraceBundle.MANIFEST,
                                        TraceBundle.MANIFEST_SIGNATURE);
                        default -> assertThat(r.failure().file()).as(what).isEqualTo(file);
                    }
                    trials++;
                }
            }
            put(file, good);
        }
        assertThat(verify().ok()).isTrue();
        assertThat(trials).isGreaterThan(5_000);
    }

    @Test
    void deletingAnyLineIsCaughtAtThatLine() throws IOException {
        for (String file : List.of(TraceBundle.EVENTS, TraceBundle.CHECKPOINTS)) {
            List<byte[]> lines = lines(file);
            for (int l = 0; l < lines.size(); l++) {
                List<byte[]> fewer = new ArrayList<>(lines);
                fewer.remove(l);
                put(file, join(fewer));
                assertNames(verify(), file, l + 1);
            }
            restore();
        }
    }

    @Test
    void insertingALineIsCaught() throws IOException {
        List<byte[]> lines = lines(TraceBundle.EVENTS);
        for (int l = 0; l < lines.size(); l++) {
            // a copy of a line
            List<byte[]> more = new ArrayList<>(lines);
            more.add(l + 1, lines.get(l));
            put(TraceBundle.EVENTS, join(more));
            assertNames(verify(), TraceBundle.EVENTS, l + 2);

            // a made-up event at index l, the rest renumbered: only the signed roots can tell
            List<byte[]> forged = new ArrayList<>(lines.subList(0, l));
            forged.add(CanonicalJson.event(TraceEvents.event(C, 900 + l, clock.instant()).at(l)));
            for (int k = l; k < lines.size() - 1; k++) {
                forged.add(renumbered(lines.get(k), k + 1));
            }
            put(TraceBundle.EVENTS, join(forged));
            assertNames(verify(), TraceBundle.EVENTS, l + 1);
        }
        // appended after the last checkpoint: an unverified tail is refused
        List<byte[]> tail = new ArrayList<>(lines);
        tail.add(CanonicalJson.event(TraceEvents.event(C, 999, clock.instant()).at(lines.size())));
        put(TraceBundle.EVENTS, join(tail));
        VerificationResult r = verify();
        assertNames(r, TraceBundle.EVENTS, lines.size() + 1);
        assertThat(r.failure().reason()).contains("unverified tail");
    }

    private static byte[] renumbered(byte[] line, long index) {
        try {
            return CanonicalJson.event(CanonicalJson.parseEvent(line).at(index));
        } catch (NonCanonicalException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void swappingTwoLinesIsCaughtAtTheFirst() throws IOException {
        for (String file : List.of(TraceBundle.EVENTS, TraceBundle.CHECKPOINTS)) {
            List<byte[]> lines = lines(file);
            for (int l = 0; l + 1 < lines.size(); l++) {
                for (int k : new int[] {l + 1, lines.size() - 1}) {
                    if (k == l) {
                        continue;
                    }
                    List<byte[]> swapped = new ArrayList<>(lines);
                    swapped.set(l, lines.get(k));
                    swapped.set(k, lines.get(l));
                    put(file, join(swapped));
                    assertNames(verify(), file, l + 1);
                }
            }
            restore();
        }
    }

    @Test
    void truncatingAFileAnywhereIsCaught() throws IOException {
        for (String file : TraceBundle.ALL_FILES) {
            byte[] good = original.get(file);
            for (int len = 0; len < good.length; len++) {
                boolean nearLineEnd = good[len] == '\n' || (len > 0 && good[len - 1] == '\n');
                if (!nearLineEnd && len % 13 != 0 && good.length > 200) {
                    continue;
                }
                put(file, Arrays.copyOf(good, len));
                VerificationResult r = verify();
                assertThat(r.ok()).as(file + " cut to " + len).isFalse();
                if (file.equals(TraceBundle.EVENTS) || file.equals(TraceBundle.CHECKPOINTS)) {
                    assertNames(r, file, lineOf(good, len));
                }
            }
            put(file, good);
        }
    }

    @Test
    void replacedCheckpointsAreNamed() throws IOException {
        List<byte[]> lines = lines(TraceBundle.CHECKPOINTS);
        for (int l = 0; l < lines.size(); l++) {
            Checkpoint cp;
            try {
                cp = CanonicalJson.parseCheckpoint(lines.get(l));
            } catch (NonCanonicalException e) {
                throw new AssertionError(e);
            }
            byte[] root = MerkleTree.unhex(cp.rootHash());
            // validly signed, by another key
            List<byte[]> replaced = new ArrayList<>(lines);
            replaced.set(l, CanonicalJson.checkpoint(otherSigner.sign(C, cp.treeSize(), root, cp.issuedAt())));
            put(TraceBundle.CHECKPOINTS, join(replaced));
            VerificationResult r = verify();
            assertNames(r, TraceBundle.CHECKPOINTS, l + 1);
            assertThat(r.failure().record()).isEqualTo("checkpoint treeSize " + cp.treeSize());

            // the same key id claimed, but the root changed
            root[0] ^= 1;
            replaced.set(l, CanonicalJson.checkpoint(new Checkpoint(C, cp.treeSize(), MerkleTree.hex(root),
                    cp.issuedAt(), cp.keyId(), cp.signature())));
            put(TraceBundle.CHECKPOINTS, join(replaced));
            r = verify();
            assertNames(r, TraceBundle.CHECKPOINTS, l + 1);
            assertThat(r.failure().reason()).contains("signature does not verify");
        }
    }

    @Test
    void aChangedPublicKeyIsNamed() throws IOException {
        put(TraceBundle.PUBLIC_KEY, otherSigner.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
        assertThat(verify().failure().file()).isEqualTo(TraceBundle.PUBLIC_KEY);
        VerificationResult untrusted = new BundleVerifier().verify(bundle);
        assertThat(untrusted.failure().file()).isEqualTo(TraceBundle.PUBLIC_KEY);
        assertThat(untrusted.failure().reason()).contains("not the key the manifest and the checkpoints name");
    }

    @Test
    void aWhollyReSignedForgeryPassesOnlyWithoutATrustedKey() throws IOException {
        // Someone with another key alters an event and re-signs every checkpoint and the manifest.
        List<byte[]> events = lines(TraceBundle.EVENTS);
        events.set(3, CanonicalJson.event(TraceEvents.event(C, 700, clock.instant()).at(3)));
        List<byte[]> leaves = events.stream().map(MerkleTree::leafHash).toList();
        List<byte[]> cps = new ArrayList<>();
        for (byte[] line : lines(TraceBundle.CHECKPOINTS)) {
            try {
                Checkpoint cp = CanonicalJson.parseCheckpoint(line);
                cps.add(CanonicalJson.checkpoint(otherSigner.sign(C, cp.treeSize(),
                        MerkleTree.root(leaves.subList(0, (int) cp.treeSize())), cp.issuedAt())));
            } catch (NonCanonicalException e) {
                throw new AssertionError(e);
            }
        }
        put(TraceBundle.EVENTS, join(events));
        put(TraceBundle.CHECKPOINTS, join(cps));
        // the consistency proofs of the forged log
        MerkleLevels levels = new MerkleLevels();
        leaves.forEach(levels::append);
        List<Checkpoint> forgedCps = new ArrayList<>();
        for (byte[] line : cps) {
            try {
                forgedCps.add(CanonicalJson.parseCheckpoint(line));
            } catch (NonCanonicalException e) {
                throw new AssertionError(e);
            }
        }
        put(TraceBundle.CONSISTENCY, join(TraceBundleExporter.consistencyProofs(forgedCps, levels).stream()
                .map(ConsistencyProof::line).toList()));
        put(TraceBundle.PUBLIC_KEY, otherSigner.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
        String manifest = new String(original.get(TraceBundle.MANIFEST), StandardCharsets.UTF_8);
        for (String f : TraceBundle.HASHED_FILES) {
            byte[] now = Files.readAllBytes(bundle.resolve(f));
            byte[] was = original.get(f);
            manifest = manifest.replace("\"" + f + "\":{\"bytes\":" + was.length + ",\"sha256\":\""
                    + MerkleTree.hex(MerkleTree.sha256(was)), "\"" + f + "\":{\"bytes\":" + now.length + ",\"sha256\":\""
                    + MerkleTree.hex(MerkleTree.sha256(now)));
        }
        manifest = manifest.replace(signer.keyId(), otherSigner.keyId())
                .replace(MerkleTree.hex(MerkleTree.root(lines(TraceBundle.EVENTS).stream().map(MerkleTree::leafHash).toList())),
                        MerkleTree.hex(MerkleTree.root(leaves)));
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        put(TraceBundle.MANIFEST, manifestBytes);
        put(TraceBundle.MANIFEST_SIGNATURE, (java.util.Base64.getEncoder().encodeToString(
                otherSigner.signTagged(TraceBundle.MANIFEST_SIGNATURE_TAG, manifestBytes)) + "\n")
                .getBytes(StandardCharsets.US_ASCII));

        VerificationResult untrusted = new BundleVerifier().verify(bundle);
        assertThat(untrusted.ok()).as(untrusted.summary()).isTrue();
        assertThat(untrusted.summary()).contains("NOT compared with a trusted key").contains("no trusted key given");
        VerificationResult trusted = verify();
        assertThat(trusted.failure().file()).isEqualTo(TraceBundle.PUBLIC_KEY);
        assertThat(trusted.failure().reason()).contains("is not the trusted key");
    }
}
