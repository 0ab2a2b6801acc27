package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Issue L: what a bundle alone cannot show, caught by what the regulator knows — the class it
 * asked for ({@code --class}) and the checkpoints it saw before ({@code --known-checkpoints}).
 * Every attack here is made by the operator, who holds the signing key: the forged bundles are
 * written by the real exporter from a forged store and signed with the real key, so they are
 * perfectly self-consistent; only the regulator's own knowledge can refuse them.
 */
class RegulatorAttackTest {
    private static final ClassroomId C = TraceEvents.CLASS;
    private static final ClassroomId OTHER = new ClassroomId("wlcy-2026-11-sz02");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock();
    private final CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
    private final InMemoryTraceStore store = new InMemoryTraceStore();
    private TraceIntegrity integrity;
    private Path keyFile;
    /** All events of C as the genuine log holds them, in order. */
    private final List<TraceEvent> genuine = new ArrayList<>();
    private int seq;

    @BeforeEach
    void setUp() throws IOException {
        integrity = new TraceIntegrity(store, clock, signer, Runnable::run, new CheckpointPolicy(5, Duration.ofSeconds(60)));
        integrity.start();
        keyFile = tmp.resolve("operator-key.pem");
        Files.writeString(keyFile, signer.publicKeyPem());
    }

    private void record(ClassroomId c, int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(3));
            TraceEvent e = TraceEvents.event(c, seq++, clock.instant());
            List<TraceEvent> stored = integrity.traceLog().append(List.of(e)).toCompletableFuture().join();
            if (c.equals(C)) {
                genuine.add(stored.get(0));
            }
        }
    }

    private Path export(ClassroomId c, String name) throws IOException {
        clock.advance(Duration.ofSeconds(1));
        Path dir = tmp.resolve(name);
        new TraceBundleExporter(store, integrity, signer, clock).export(c, MutableClock.DEFAULT_START,
                clock.instant().plusSeconds(3600), dir);
        return dir;
    }

    /** A bundle the operator writes from a forged store of {@code events} (re-numbered), signed with its own key. */
    private Path forge(List<TraceEvent> events, String name, long... extraCheckpointsAt) throws IOException {
        InMemoryTraceStore forged = new InMemoryTraceStore();
        MutableClock forgedClock = new MutableClock();
        TraceIntegrity forgery = new TraceIntegrity(forged, forgedClock, signer, Runnable::run,
                new CheckpointPolicy(5, Duration.ofSeconds(60)));
        forgery.start();
        for (TraceEvent e : events) {
            forgedClock.advance(Duration.ofSeconds(3));
            forgery.traceLog().append(List.of(e.at(-1))).toCompletableFuture().join();
            for (long at : extraCheckpointsAt) {
                if (forged.size(C) == at) {
                    forgery.checkpointNow(C);
                }
            }
        }
        forgedClock.advance(Duration.ofSeconds(1));
        Path dir = tmp.resolve(name);
        new TraceBundleExporter(forged, forgery, signer, forgedClock).export(C, MutableClock.DEFAULT_START,
                forgedClock.instant().plusSeconds(3600), dir);
        return dir;
    }

    private record Run(int exit, String out) {
    }

    private Run verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = VerifyBundleCommand.run(args, ps, ps);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private Run verify(Path bundle, Path known, String... more) {
        List<String> args = new ArrayList<>(List.of(bundle.toString(), "--public-key", keyFile.toString()));
        if (known != null) {
            args.addAll(List.of("--known-checkpoints", known.toString()));
        }
        args.addAll(List.of(more));
        return verify(args.toArray(String[]::new));
    }

    /** A known-checkpoints file holding the bundle's newest checkpoint, as --remember writes it. */
    private Path remembered(Path bundle, String name) {
        Path known = tmp.resolve(name);
        Run r = verify(bundle, known, "--remember");
        assertThat(r.exit()).as(r.out()).isZero();
        return known;
    }

    private static String firstLine(Run r) {
        return r.out().lines().findFirst().orElse("");
    }

    // ------------------------------------------------------------------ another class

    @Test
    void aGenuineBundleOfAnotherClassIsRefusedWithBothIdsNamed() throws IOException {
        record(C, 12);
        Path known = remembered(export(C, "c-1"), "known.jsonl");
        record(OTHER, 8);
        Path other = export(OTHER, "other");

        Run plain = verify(other, null);
        assertThat(plain.exit()).as("without --class the verifier cannot know: %s", plain.out()).isZero();
        assertThat(plain.out()).startsWith("OK class " + OTHER.value());

        for (Path k : new Path[] {null, known}) {
            Run r = verify(other, k, "--class", C.value());
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(firstLine(r)).isEqualTo("FAIL manifest.json line 1: this is a bundle of class " + OTHER.value()
                    + ", not of class " + C.value() + " (--class)");
        }
        // the zip the desk downloads is refused the same way
        Path zip = tmp.resolve("other.zip");
        TraceBundleExporter.zip(other, zip);
        Run r = verify(zip, known, "--class", C.value());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(firstLine(r)).contains(OTHER.value()).contains(C.value());
        // the right class passes
        assertThat(verify(export(C, "c-2"), known, "--class", C.value()).exit()).isZero();
    }

    // ------------------------------------------------------------------ an older bundle

    @Test
    void anOlderGenuineBundleIsRefusedOnlyWithALaterKnownCheckpoint() throws IOException {
        record(C, 12);
        Path older = export(C, "older");
        record(C, 9);
        Path newer = export(C, "newer");
        Path known = remembered(newer, "known.jsonl");

        Run alone = verify(older, null, "--class", C.value());
        assertThat(alone.exit()).as("a genuine older bundle is, alone, a valid bundle: %s", alone.out()).isZero();

        Run r = verify(older, known, "--class", C.value());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).isEqualTo("FAIL known.jsonl line 1 (known checkpoint treeSize 21): the bundle is older"
                + " than this checkpoint seen before: its newest checkpoint has treeSize 12, the known one treeSize 21"
                + " (a rolled-back log)");
    }

    // ------------------------------------------------------------------ cut back and re-signed

    @Test
    void aLogCutBackAndReSignedWithTheOperatorsKeyIsRefused() throws IOException {
        record(C, 17);
        Path known = remembered(export(C, "genuine"), "known.jsonl"); // treeSize 17
        // cut back to the checkpoint at 10, re-signed; and cut to 10 then grown with other events past 18
        Path cut = forge(genuine.subList(0, 10), "cut");
        List<TraceEvent> regrown = new ArrayList<>(genuine.subList(0, 10));
        for (int i = 0; i < 12; i++) {
            regrown.add(TraceEvents.event(C, 500 + i, clock.instant()));
        }
        Path grown = forge(regrown, "cut-and-regrown");

        assertThat(verify(cut, null).exit()).as("alone, a re-signed cut log is self-consistent").isZero();
        assertThat(verify(grown, null).exit()).isZero();

        Run r = verify(cut, known);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).contains("the bundle is older than this checkpoint seen before")
                .contains("treeSize 10").contains("treeSize 17");

        r = verify(grown, known);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).startsWith("FAIL known.jsonl line 1 (known checkpoint treeSize 17): the bundle carries"
                + " no consistency proof from treeSize 17 to its newest checkpoint treeSize 22");
    }

    // ------------------------------------------------------------------ an event deleted, re-signed

    @Test
    void anEventDeletedAndEverythingReSignedIsRefusedWhateverTheForgerAddsForTheKnownSize() throws IOException {
        record(C, 12);
        Path known = remembered(export(C, "first"), "known.jsonl"); // treeSize 12
        record(C, 10);
        List<TraceEvent> oneDeleted = new ArrayList<>(genuine);
        oneDeleted.remove(4);

        // naive: just re-signed
        Path naive = forge(oneDeleted, "naive");
        assertThat(verify(naive, null).exit()).as("alone it is self-consistent").isZero();
        Run r = verify(naive, known);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).contains("known checkpoint treeSize 12").contains("no consistency proof from treeSize 12");

        // careful: the forger also signs a checkpoint at the known size, so that a proof from it exists
        Path careful = forge(oneDeleted, "careful", 12);
        assertThat(verify(careful, null).exit()).isZero();
        r = verify(careful, known);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).startsWith("FAIL known.jsonl line 1 (known checkpoint treeSize 12): the bundle's history"
                + " differs from the one seen before: its checkpoint treeSize 12 has root ");

        // the genuine later bundle passes against the same known checkpoint
        Run ok = verify(export(C, "later"), known);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(firstLine(ok)).contains("consistent with 1 known checkpoint");
    }

    @Test
    void aForgedProofForTheKnownSizeCannotBeMade() throws IOException {
        // The forger plants the known root itself as the bundle's checkpoint at the known size (it can
        // sign anything) — then the recomputed events do not hash to it.
        record(C, 12);
        Path known = remembered(export(C, "first"), "known.jsonl");
        Checkpoint k = VerifyBundleCommand.readKnown(known, false).get(0);
        record(C, 6);
        Path bundle = export(C, "second");
        List<TraceEvent> oneDeleted = new ArrayList<>(genuine);
        oneDeleted.remove(2);
        Path forged = forge(oneDeleted, "forged", k.treeSize());
        // replace the forged checkpoint at the known size with the genuine known checkpoint
        String cps = Files.readString(forged.resolve(TraceBundle.CHECKPOINTS));
        List<String> lines = new ArrayList<>(cps.lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("\"treeSize\":" + k.treeSize() + "}")) {
                lines.set(i, new String(CanonicalJson.checkpoint(k), StandardCharsets.UTF_8));
            }
        }
        Files.writeString(forged.resolve(TraceBundle.CHECKPOINTS), String.join("\n", lines) + "\n");
        Run r = verify(forged, known);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).startsWith("FAIL consistency.jsonl line");
        assertThat(verify(bundle, known).exit()).isZero();
    }

    // ------------------------------------------------------------------ genuine bundles, one after another

    @Test
    void genuineBundlesOneAfterAnotherEachVerifyAgainstAllEarlierCheckpoints() throws IOException {
        Path known = tmp.resolve("regulator-known.jsonl");
        long lastSize = -1;
        for (int round = 0; round < 12; round++) {
            record(C, 7);
            Path b = export(C, "b" + round);
            Run r = verify(b, known, "--class", C.value(), "--remember");
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(firstLine(r)).endsWith(round == 0 ? "(trusted)"
                    : "consistent with " + round + (round == 1 ? " known checkpoint" : " known checkpoints"));
            long size = VerifyBundleCommand.readKnown(known, false).get(round).treeSize();
            assertThat(size).isGreaterThan(lastSize);
            lastSize = size;
        }
        assertThat(Files.readAllLines(known)).hasSize(12);
    }

    // ------------------------------------------------------------------ format details

    @Test
    void aZipWithTwoEntriesOfOneNameIsAnInvalidBundleNotAUsageError() throws IOException {
        record(C, 6);
        Path b = export(C, "b");
        Path zip = tmp.resolve("dup.zip");
        // ZipOutputStream refuses a duplicate name: write "events.jsonX", then rename it in the bytes
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(raw)) {
            for (String name : TraceBundle.ALL_FILES) {
                z.putNextEntry(new ZipEntry(name));
                Files.copy(b.resolve(name), z);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("events.jsonX"));
            z.write("{}\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.write(zip, new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)
                .replace("events.jsonX", TraceBundle.EVENTS).getBytes(StandardCharsets.ISO_8859_1));
        Run r = verify(zip, null);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).isEqualTo("FAIL dup.zip: the zip holds more than one entry named 'events.jsonl'");
    }

    @Test
    void aVersionOneBundleIsStillReadAndItsKnownCheckpointsAreCheckedByRecomputation() throws IOException {
        record(C, 12);
        Path known = remembered(export(C, "first"), "known.jsonl");
        record(C, 6);
        Path v1 = toVersionOne(export(C, "second"));
        Run r = verify(v1, known);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("carries no consistency proofs: the known checkpoints were checked by recomputing");

        // known checkpoints at a size the bundle has no checkpoint of: only the recomputation can check them
        List<byte[]> leaves = Files.readAllLines(v1.resolve(TraceBundle.EVENTS), StandardCharsets.UTF_8).stream()
                .map(l -> MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8))).toList();
        byte[] root = MerkleTree.root(leaves.subList(0, 7));
        Path right = tmp.resolve("right-known.jsonl");
        Files.writeString(right, new String(CanonicalJson.checkpoint(signer.sign(C, 7, root, clock.instant())),
                StandardCharsets.UTF_8) + "\n");
        r = verify(v1, right);
        assertThat(r.exit()).as(r.out()).isZero();
        root[5] ^= 1;
        Path wrong = tmp.resolve("wrong-known.jsonl");
        Files.writeString(wrong, new String(CanonicalJson.checkpoint(signer.sign(C, 7, root, clock.instant())),
                StandardCharsets.UTF_8) + "\n");
        r = verify(v1, wrong);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(firstLine(r)).startsWith("FAIL events.jsonl lines 1-7 (known checkpoint treeSize 7): the bundle's"
                + " history differs from the one seen before: its first 7 events hash to ");
    }

    /** Rewrites a v2 bundle as v1: no consistency.jsonl, manifest format v1 without it, re-signed. */
    private Path toVersionOne(Path v2) throws IOException {
        Files.delete(v2.resolve(TraceBundle.CONSISTENCY));
        String m = Files.readString(v2.resolve(TraceBundle.MANIFEST), StandardCharsets.UTF_8);
        m = m.replaceAll("\"consistency\\.jsonl\":\\{\"bytes\":\\d+,\"sha256\":\"[0-9a-f]{64}\"},", "")
                .replace(TraceBundle.FORMAT, TraceBundle.FORMAT_V1);
        byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
        Files.write(v2.resolve(TraceBundle.MANIFEST), bytes);
        Files.writeString(v2.resolve(TraceBundle.MANIFEST_SIGNATURE), Base64.getEncoder().encodeToString(
                signer.signTagged(TraceBundle.MANIFEST_SIGNATURE_TAG, bytes)) + "\n");
        return v2;
    }

    @Test
    void theUsageNamesTheNewOptions() {
        Run r = verify("b", "--remember");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--class ID").contains("--known-checkpoints FILE [--remember]");
    }
}
