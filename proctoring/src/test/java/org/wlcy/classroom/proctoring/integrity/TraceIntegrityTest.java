package org.wlcy.classroom.proctoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;

class TraceIntegrityTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryTraceStore store = new InMemoryTraceStore();
    private final CheckpointSigner signer = new CheckpointSigner(TraceEvents.fixedKeyPair((byte) 1));
    private final ClassroomId c = TraceEvents.CLASS;

    private TraceIntegrity integrity(CheckpointPolicy policy) {
        TraceIntegrity ti = new TraceIntegrity(store, clock, signer, Runnable::run, policy);
        ti.start();
        return ti;
    }

    /** Appends through the integrity's TraceLog in batches of {@code batch}. */
    private void append(TraceIntegrity ti, int seqFrom, int n, int batch) {
        List<TraceEvent> all = TraceEvents.events(c, seqFrom, n, clock.instant());
        for (int i = 0; i < n; i += batch) {
            ti.traceLog().append(all.subList(i, Math.min(n, i + batch))).toCompletableFuture().join();
        }
    }

    private List<byte[]> storedLeaves() {
        List<byte[]> out = new ArrayList<>();
        for (TraceEvent e : store.read(c, 0, Integer.MAX_VALUE)) {
            out.add(MerkleTree.leafHash(CanonicalJson.event(e)));
        }
        return out;
    }

    private void assertCheckpointsMatchTheStore() {
        List<byte[]> leaves = storedLeaves();
        for (Checkpoint cp : store.checkpoints(c)) {
            assertThat(cp.rootHash()).as("treeSize %d", cp.treeSize())
                    .isEqualTo(MerkleTree.hex(MerkleTree.root(leaves.subList(0, (int) cp.treeSize()))));
            assertThat(CheckpointSigner.verify(cp, signer.publicKey())).isTrue();
        }
    }

    @Test
    void signsACheckpointAtEveryThousandEventsExactlyEvenInsideABatch() {
        TraceIntegrity ti = integrity(CheckpointPolicy.DEFAULT);
        append(ti, 0, 2600, 7);
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(1000L, 2000L);
        assertCheckpointsMatchTheStore();
        assertThat(ti.head(c)).get().extracting(TreeHead::treeSize).isEqualTo(2600L);
        assertThat(ti.head(c).get().rootHash()).isEqualTo(MerkleTree.root(storedLeaves()));
    }

    @Test
    void signsWithinSixtySecondsOfNewEventsAndNotWithoutThem() {
        TraceIntegrity ti = integrity(CheckpointPolicy.DEFAULT);
        ti.tick();
        assertThat(store.checkpoints(c)).isEmpty();

        append(ti, 0, 5, 5);
        clock.advance(Duration.ofSeconds(59));
        ti.tick();
        assertThat(store.checkpoints(c)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        ti.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(5L);
        assertThat(store.checkpoints(c).get(0).issuedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(10));
        ti.tick();
        assertThat(store.checkpoints(c)).hasSize(1);

        append(ti, 5, 3, 1);
        clock.advance(Duration.ofSeconds(30));
        append(ti, 8, 2, 1);
        clock.advance(Duration.ofSeconds(30));
        ti.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(5L, 10L);
        assertCheckpointsMatchTheStore();
    }

    @Test
    void resentDuplicatesAreNotCountedTwice() {
        TraceIntegrity ti = integrity(new CheckpointPolicy(10, Duration.ofSeconds(60)));
        List<TraceEvent> events = TraceEvents.events(c, 0, 6, clock.instant());
        ti.traceLog().append(events).toCompletableFuture().join();
        ti.traceLog().append(events).toCompletableFuture().join();
        assertThat(ti.head(c).get().treeSize()).isEqualTo(6);
        assertThat(store.checkpoints(c)).isEmpty();
    }

    @Test
    void batchesReportedOutOfOrderWaitForTheGapAndTickFillsAGapFromTheStore() {
        TraceIntegrity ti = integrity(new CheckpointPolicy(4, Duration.ofSeconds(60)));
        List<TraceEvent> stored = store.append(TraceEvents.events(c, 0, 9, clock.instant())).toCompletableFuture().join();
        ti.onAppended(stored.subList(3, 6));
        assertThat(ti.head(c).get().treeSize()).isZero();
        ti.onAppended(stored.subList(0, 3));
        assertThat(ti.head(c).get().treeSize()).isEqualTo(6);
        ti.onAppended(stored.subList(8, 9)); // 6 and 7 never reported
        assertThat(ti.head(c).get().treeSize()).isEqualTo(6);
        ti.tick();
        assertThat(ti.head(c).get().treeSize()).isEqualTo(9);
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(4L, 8L);
        assertCheckpointsMatchTheStore();
    }

    @Test
    void aRestartRebuildsTheTreeFromTheStoreAndCarriesOn() {
        TraceIntegrity first = integrity(new CheckpointPolicy(100, Duration.ofSeconds(60)));
        append(first, 0, 250, 9);
        TraceIntegrity second = integrity(new CheckpointPolicy(100, Duration.ofSeconds(60)));
        assertThat(second.head(c).get().rootHash()).isEqualTo(first.head(c).get().rootHash());
        assertThat(second.fault(c)).isEmpty();
        append(second, 250, 60, 9);
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(100L, 200L, 300L);
        clock.advance(Duration.ofSeconds(60));
        second.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(100L, 200L, 300L, 310L);
        assertCheckpointsMatchTheStore();
    }

    @Test
    void aStoreChangedBehindTheCheckpointsIsAFaultAndIsNeverSignedAgain() {
        TraceIntegrity first = integrity(new CheckpointPolicy(10, Duration.ofSeconds(60)));
        append(first, 0, 25, 5);
        TraceEvent e = store.read(c, 3, 1).get(0);
        store.replace(new TraceEvent(e.index(), e.classroomId(), e.sessionId(), e.userId(), e.kind(),
                e.recordedAt().minusSeconds(3600), e.eventId(), e.clientTime(), e.data()));

        TraceIntegrity second = integrity(new CheckpointPolicy(10, Duration.ofSeconds(60)));
        assertThat(second.fault(c)).get().asString().contains("treeSize 10");
        append(second, 25, 20, 5);
        clock.advance(Duration.ofMinutes(5));
        second.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(10L, 20L);
        assertThatThrownBy(() -> second.checkpointNow(c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("faulty");
    }

    @Test
    void checkpointNowCoversEverythingStoredAndReusesAnUpToDateCheckpoint() {
        TraceIntegrity ti = integrity(new CheckpointPolicy(10, Duration.ofSeconds(60)));
        append(ti, 0, 13, 13);
        store.append(TraceEvents.events(c, 13, 2, clock.instant())).toCompletableFuture().join(); // not reported
        Checkpoint cp = ti.checkpointNow(c);
        assertThat(cp.treeSize()).isEqualTo(15);
        assertThat(ti.checkpointNow(c)).isEqualTo(cp);
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(10L, 15L);
        clock.advance(Duration.ofMinutes(2));
        ti.tick();
        assertThat(store.checkpoints(c)).hasSize(2);
        assertCheckpointsMatchTheStore();

        ClassroomId empty = new ClassroomId("empty-class");
        Checkpoint none = ti.checkpointNow(empty);
        assertThat(none.treeSize()).isZero();
        assertThat(none.rootHash()).isEqualTo(MerkleTree.hex(MerkleTree.emptyRoot()));
    }

    @Test
    void aStoredEventWithNoCanonicalFormStopsNeitherTicksNorStartAndTheBundleVerifies(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // This store, like an older version's, keeps whatever it is given.
        TraceIntegrity ti = integrity(CheckpointPolicy.DEFAULT);
        java.time.Instant start = clock.instant();
        append(ti, 0, 3, 3);
        TraceEvent e3 = TraceEvents.event(c, 3, clock.instant());
        TraceEvent bad = new TraceEvent(-1, c, e3.sessionId(), e3.userId(), e3.kind(), e3.recordedAt(), e3.eventId(),
                java.time.Instant.parse("+10000-01-01T00:00:00Z"), e3.data());
        ti.traceLog().append(List.of(bad)).toCompletableFuture().join();
        append(ti, 4, 3, 3);
        clock.advance(Duration.ofSeconds(60));
        ti.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(7L);
        assertThat(ti.setAside()).singleElement()
                .satisfies(r -> assertThat(r.index()).isEqualTo(3))
                .satisfies(r -> assertThat(r.reason()).isEqualTo("not-canonical"))
                .satisfies(r -> assertThat(r.problem()).contains("clientTime"));

        TraceIntegrity restarted = integrity(CheckpointPolicy.DEFAULT);
        assertThat(restarted.fault(c)).isEmpty();
        assertThat(restarted.setAside()).hasSize(1);
        append(restarted, 7, 2, 2);
        clock.advance(Duration.ofSeconds(60));
        restarted.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(7L, 9L);

        java.nio.file.Path bundle = tmp.resolve("bundle");
        new TraceBundleExporter(store, restarted, signer, clock).export(c, start, clock.instant().plusSeconds(1), bundle);
        VerificationResult result = new BundleVerifier(signer.publicKey()).verify(bundle);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.events()).isEqualTo(9);
        String line4 = java.nio.file.Files.readAllLines(bundle.resolve(TraceBundle.EVENTS)).get(3);
        assertThat(line4).contains("\"kind\":\"trace.set-aside\"").contains("\"reason\":\"not-canonical\"")
                .contains("\"eventId\":\"set-aside/3\"");
    }

    @Test
    void oneClassWhoseStoreReadsFailDoesNotStopTheOthersCheckpoints() {
        ClassroomId other = new ClassroomId("another-class");
        TraceIntegrity ti = integrity(CheckpointPolicy.DEFAULT);
        append(ti, 0, 2, 2);
        ti.onAppended(List.of(TraceEvents.event(other, 0, clock.instant()).at(5))); // a gap the store cannot fill
        store.failReadsOf(other);
        clock.advance(Duration.ofSeconds(60));
        ti.tick();
        assertThat(store.checkpoints(c)).extracting(Checkpoint::treeSize).containsExactly(2L);

        TraceIntegrity restarted = integrity(CheckpointPolicy.DEFAULT);
        assertThat(restarted.fault(other)).isEmpty(); // it had no stored events: nothing to read at start
        assertThat(restarted.head(c)).get().extracting(TreeHead::treeSize).isEqualTo(2L);
    }
}
