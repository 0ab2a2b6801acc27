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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * issue L witnesses (issue L item 4): a witness that had cosigned the genuine history makes a rolled-back or
 * rewritten log, re-signed with the operator's own key, fail {@code verify-bundle --witness-key}
 * even when the regulator kept no checkpoints. The witness is the real {@link TestWitness} (it
 * checks the log's signature and the consistency proof from the size it last cosigned); checkpoints
 * reach it in-process as the gateway's client sends them (old size, proof, note).
 */
class WitnessBundleTest {
    private static final ClassroomId C = TraceEvents.CLASS;
    private static final String PREFIX = "wlcy.example/wlcy-trace";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock();
    private final CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
    private final TestWitness witness = new TestWitness("witness.example/w1", TraceEvents.fixedKeyPair((byte) 9),
            signer.publicKey(), PREFIX, clock);
    private final InMemoryTraceStore store = new InMemoryTraceStore();
    private final Witnessing genuineWitnessing = new Witnessing(store);
    private TraceIntegrity integrity;
    private Path keyFile;
    private Path witnessKeyFile;
    private final List<TraceEvent> genuine = new ArrayList<>();
    private int seq;

    /** Sends each saved checkpoint of one store to the witness; keeps what it cosigns. */
    private final class Witnessing implements Cosignatures {
        private final TraceProofs proofs;
        private final Map<String, List<String>> lines = new HashMap<>();
        final List<TestWitness.Answer> answers = new ArrayList<>();

        Witnessing(TraceStore store) {
            this.proofs = new TraceProofs(store);
        }

        /** The witness's size as its 409 answers told, as the gateway's client learns it (starts at 0). */
        private long known;

        void submit(Checkpoint cp) {
            for (int attempt = 0; attempt < 3; attempt++) {
                TestWitness.Answer a = submit(cp, known);
                if (a.status() != 409 || !a.contentType().equals("text/x.tlog.size")) {
                    return;
                }
                known = Long.parseLong(a.body().strip());
            }
        }

        private TestWitness.Answer submit(Checkpoint cp, long old) {
            StringBuilder req = new StringBuilder("old ").append(old).append('\n');
            if (old > 0 && old < cp.treeSize()) {
                for (byte[] h : proofs.consistency(cp.classroomId(), old, cp.treeSize()).proof().proof()) {
                    req.append(Base64.getEncoder().encodeToString(h)).append('\n');
                }
            }
            req.append('\n').append(signer.checkpointNote(PREFIX, cp));
            TestWitness.Answer a = witness.addCheckpoint(req.toString());
            answers.add(a);
            if (a.status() == 200) {
                lines.computeIfAbsent(cp.treeSize() + "/" + cp.rootHash(), k -> new ArrayList<>()).add(a.body());
                known = cp.treeSize();
            }
            return a;
        }

        @Override
        public String originPrefix() {
            return PREFIX;
        }

        @Override
        public List<String> lines(Checkpoint cp) {
            return lines.getOrDefault(cp.treeSize() + "/" + cp.rootHash(), List.of());
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        integrity = new TraceIntegrity(store, clock, signer, Runnable::run, new CheckpointPolicy(5, Duration.ofSeconds(60)));
        integrity.onCheckpointSaved(genuineWitnessing::submit);
        integrity.start();
        keyFile = tmp.resolve("operator-key.pem");
        Files.writeString(keyFile, signer.publicKeyPem());
        witnessKeyFile = tmp.resolve("w1.vkey");
        Files.writeString(witnessKeyFile, witness.verifierKey().text() + "\n");
    }

    private void record(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(3));
            TraceEvent e = TraceEvents.event(C, seq++, clock.instant());
            genuine.add(integrity.traceLog().append(List.of(e)).toCompletableFuture().join().get(0));
        }
    }

    private Path export(String name) throws IOException {
        clock.advance(Duration.ofSeconds(1));
        Path dir = tmp.resolve(name);
        new TraceBundleExporter(store, integrity, signer, clock, genuineWitnessing).export(C, MutableClock.DEFAULT_START,
                clock.instant().plusSeconds(3600), dir);
        return dir;
    }

    /** The operator's forgery: a store of {@code events}, re-signed with its key, each checkpoint offered to the witness. */
    private Path forge(List<TraceEvent> events, String name) throws IOException {
        InMemoryTraceStore forged = new InMemoryTraceStore();
        MutableClock forgedClock = new MutableClock();
        TraceIntegrity forgery = new TraceIntegrity(forged, forgedClock, signer, Runnable::run,
                new CheckpointPolicy(5, Duration.ofSeconds(60)));
        Witnessing w = new Witnessing(forged);
        forgery.onCheckpointSaved(w::submit);
        forgery.start();
        for (TraceEvent e : events) {
            forgedClock.advance(Duration.ofSeconds(3));
            forgery.traceLog().append(List.of(e.at(-1))).toCompletableFuture().join();
        }
        forgedClock.advance(Duration.ofSeconds(1));
        Path dir = tmp.resolve(name);
        new TraceBundleExporter(forged, forgery, signer, forgedClock, w).export(C, MutableClock.DEFAULT_START,
                forgedClock.instant().plusSeconds(3600), dir);
        assertThat(w.answers).as("the witness cosigns nothing of the forged history").allMatch(a -> a.status() != 200);
        return dir;
    }

    private record Run(int exit, String out) {
    }

    private Run verify(Path bundle, String... more) {
        List<String> args = new ArrayList<>(List.of(bundle.toString(), "--public-key", keyFile.toString(), "--class",
                C.value()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = VerifyBundleCommand.run(args.toArray(String[]::new), ps, ps);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private Run verifyWithWitness(Path bundle) {
        return verify(bundle, "--witness-key", witnessKeyFile.toString());
    }

    private static String origin(ClassroomId c) {
        return CheckpointNote.origin(PREFIX, c);
    }

    @Test
    void aGenuineBundleCarriesTheWitnessCosignatureOfItsNewestCheckpointAndPasses() throws IOException {
        record(12);
        Path bundle = export("genuine");
        assertThat(witness.size(origin(C))).isEqualTo(12);
        Run r = verifyWithWitness(bundle);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("newest checkpoint cosigned by witness.example/w1 at ");
        // the lines are C2SP checkpoint notes: body, blank line, the log's signature, the witness's cosignature
        String line = Files.readAllLines(bundle.resolve(TraceBundle.WITNESSES)).get(2);
        assertThat(line).startsWith("{\"note\":\"" + origin(C) + "\\n12\\n").contains("\\n\\n\u2014 " + origin(C) + " ")
                .contains("\\n\u2014 witness.example/w1 ").endsWith("\",\"treeSize\":12}");
    }

    @Test
    void aLogCutBackAndReSignedIsRefusedWithTheWitnessKeyEvenWithoutKnownCheckpoints() throws IOException {
        record(12);
        Path older = export("older");
        record(9); // the witness now holds 21
        export("genuine");
        assertThat(witness.size(origin(C))).isEqualTo(21);

        Path cut = forge(genuine.subList(0, 13), "cut");
        // the forger copies every cosignature it has: those of sizes 5 and 10 are valid for the cut log too
        Files.write(cut.resolve(TraceBundle.WITNESSES), Files.readAllLines(older.resolve(TraceBundle.WITNESSES)).subList(0, 2));
        assertThat(verify(cut).exit()).as("without a witness the forgery is a valid bundle").isZero();

        Run r = verifyWithWitness(cut);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).startsWith("FAIL witnesses.jsonl (checkpoint treeSize 13): the newest checkpoint carries "
                + "no cosignature of witness witness.example/w1 (--witness-key)");
        // the witness refused the forged checkpoints: it had cosigned 21 (409 tells the size), and 13 or less is older (400)
        assertThat(witness.answers()).anyMatch(a -> a.status() == 409 && a.body().equals("21\n"))
                .anyMatch(a -> a.status() == 400);
        assertThat(witness.size(origin(C))).isEqualTo(21);
    }

    @Test
    void aRewrittenHistoryIsRefusedWithTheWitnessKeyEvenWithoutKnownCheckpoints() throws IOException {
        record(15);
        Path genuineBundle = export("genuine");
        List<TraceEvent> rewritten = new ArrayList<>(genuine);
        rewritten.remove(3); // an event deleted, everything after it re-numbered and re-signed, one added at the end
        rewritten.add(TraceEvents.event(C, 999, clock.instant()));
        Path forged = forge(rewritten, "rewritten");
        assertThat(verify(forged).exit()).isZero();
        // the forged checkpoint 15 has another root than the genuine 15 the witness cosigned
        assertThat(witness.answers()).anyMatch(a -> a.status() == 409 && a.body().equals("same size, another root\n"));

        Run missing = verifyWithWitness(forged);
        assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
        assertThat(missing.out()).startsWith("FAIL witnesses.jsonl (checkpoint treeSize 15): missing from the bundle, "
                + "so the newest checkpoint carries no cosignature of witness witness.example/w1");

        // copying the genuine cosignatures does not help: they are of other roots
        Files.copy(genuineBundle.resolve(TraceBundle.WITNESSES), forged.resolve(TraceBundle.WITNESSES));
        Run copied = verifyWithWitness(forged);
        assertThat(copied.exit()).as(copied.out()).isEqualTo(1);
        assertThat(copied.out()).startsWith("FAIL witnesses.jsonl line 1 (checkpoint treeSize 5): the note's size and "
                + "root are not those of the checkpoint 5/");
    }

    @Test
    void anAlteredCosignatureIsRefusedAndAnUnknownWitnessIsNotEnough() throws IOException {
        record(7);
        Path bundle = export("genuine");
        Path w = bundle.resolve(TraceBundle.WITNESSES);
        List<String> lines = Files.readAllLines(w);
        String last = lines.get(lines.size() - 1);
        int at = last.lastIndexOf("\\n\",\"treeSize\"") - 3;
        String flipped = last.substring(0, at) + (last.charAt(at) == 'A' ? 'B' : 'A') + last.substring(at + 1);
        lines.set(lines.size() - 1, flipped);
        Files.write(w, lines);
        Run r = verifyWithWitness(bundle);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("the cosignature of witness witness.example/w1 does not verify");

        Path other = tmp.resolve("w2.vkey");
        Files.writeString(other, new TestWitness("witness.example/w2", TraceEvents.fixedKeyPair((byte) 8),
                signer.publicKey(), PREFIX, clock).verifierKey().text());
        Path bundle2 = export("genuine2");
        Run r2 = verify(bundle2, "--witness-key", other.toString());
        assertThat(r2.exit()).as(r2.out()).isEqualTo(1);
        assertThat(r2.out()).contains("carries no cosignature of witness witness.example/w2");
    }

    @Test
    void aWitnessKeyThatIsNotACosignatureKeyIsAUsageError() throws IOException {
        record(5);
        Path bundle = export("genuine");
        Path logKey = tmp.resolve("log.vkey");
        Files.writeString(logKey, signer.noteKey(origin(C)).text());
        assertThat(verify(bundle, "--witness-key", logKey.toString()).exit()).isEqualTo(2);
    }
}
