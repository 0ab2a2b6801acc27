package org.wlcy.classroom.proctoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * What every {@link TraceStore} must do; {@code FileTraceStoreTest} and
 * {@code PostgresTraceStoreTest} run it against their store. Subclasses say how to open a store on
 * storage that outlives it, so that {@link #reopen()} sees what was acknowledged.
 */
abstract class TraceStoreContract {
    static final ClassroomId C1 = new ClassroomId("c-2026-001");
    static final ClassroomId C2 = new ClassroomId("c-2026-002");
    static final UserId ALICE = new UserId("u-alice");
    static final UserId BOB = new UserId("u-bob");
    static final Instant T0 = Instant.parse("2026-11-30T01:02:03.123456Z");
    static final Duration WAIT = Duration.ofSeconds(30);

    protected TraceStore store;

    /** Opens a store on this test's storage (fresh before each test, kept across {@link #reopen()}). */
    protected abstract TraceStore openStore();

    /**
     * Writes {@code e} at the class's next index as an older version without the checks would have
     * stored it (past {@link StorableEvent}), then reopens the store.
     */
    protected abstract void plant(TraceEvent e);

    /** Writes, at {@code c}'s next index, a record the store cannot read as an event, then reopens. */
    protected abstract void plantUnreadable(ClassroomId c);

    @BeforeEach
    void openFirst() {
        store = openStore();
    }

    @AfterEach
    void closeLast() {
        if (store != null) {
            store.close();
        }
    }

    protected void reopen() {
        store.close();
        store = openStore();
    }

    static TraceEvent event(ClassroomId c, UserId u, String eventId, Instant at) {
        return new TraceEvent(-1, c, "lesson-1", u, TraceKind.HEARTBEAT, at, eventId, null, Map.of("visible", true));
    }

    static TraceEvent event(ClassroomId c, String eventId) {
        return event(c, ALICE, eventId, T0);
    }

    protected List<TraceEvent> append(TraceEvent... events) {
        return await(store.append(List.of(events)).toCompletableFuture());
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("append failed", e.getCause());
        }
    }

    @Test
    void roundTripKeepsEveryFieldExactly() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "请假 \"quoted\" \\ 😀 \u0000 \n end");
        data.put("max", Long.MAX_VALUE);
        data.put("min", Long.MIN_VALUE);
        data.put("zero", 0);
        data.put("yes", true);
        data.put("no", false);
        data.put("", "empty key");
        TraceEvent full = new TraceEvent(-1, C1, "lesson-7", BOB, TraceKind.LEAVE_REQUESTED, T0, "u-bob/42",
                Instant.parse("2026-11-30T01:02:02.000001Z"), data);
        TraceEvent bare = new TraceEvent(-1, C1, null, ALICE, TraceKind.JOINED, T0.plusNanos(1000), "srv/1", null,
                null);
        List<TraceEvent> acked = append(full, bare);

        List<TraceEvent> expected = List.of(full.at(0), bare.at(1));
        assertThat(acked).isEqualTo(expected);
        assertThat(store.read(C1, 0, 10)).isEqualTo(expected);
        assertThat(store.read(C1, 0, 10).get(0).data().get("zero")).isInstanceOf(Long.class);
        reopen();
        assertThat(store.read(C1, 0, 10)).isEqualTo(expected);
        assertThat(store.readByUser(C1, BOB, T0, T0.plusSeconds(1))).isEqualTo(List.of(full.at(0)));
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        TraceEvent e = new TraceEvent(-1, C1, null, ALICE, TraceKind.HEARTBEAT, T0.plusNanos(999),
                "e1", T0.plusNanos(1), Map.of());
        TraceEvent stored = append(e).get(0);
        assertThat(stored.recordedAt()).isEqualTo(T0);
        assertThat(stored.clientTime()).isEqualTo(T0);
        assertThat(store.read(C1, 0, 1)).containsExactly(stored);
    }

    @Test
    void indexesAreContiguousFromZeroPerClassAndIndependent() {
        assertThat(append(event(C1, "a"), event(C2, "a"), event(C1, "b"))).extracting(TraceEvent::index)
                .containsExactly(0L, 0L, 1L);
        assertThat(append(event(C2, "b"))).extracting(TraceEvent::index).containsExactly(1L);
        assertThat(append(event(C1, "c"))).extracting(TraceEvent::index).containsExactly(2L);
        assertThat(store.size(C1)).isEqualTo(3);
        assertThat(store.size(C2)).isEqualTo(2);
        assertThat(store.read(C1, 0, 100)).extracting(TraceEvent::eventId).containsExactly("a", "b", "c");
        assertThat(store.read(C2, 0, 100)).extracting(TraceEvent::eventId).containsExactly("a", "b");
    }

    @Test
    void emptyBatchCompletesWithNothing() {
        assertThat(append()).isEmpty();
        assertThat(store.classrooms()).isEmpty();
    }

    @Test
    void concurrentAppendersGetContiguousUniqueIndexesAndLoseNothing() throws Exception {
        int threads = 8;
        int batchesPerThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<TraceEvent>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<CompletableFuture<List<TraceEvent>>> mine = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<TraceEvent> batch = new ArrayList<>();
                        for (int i = 0; i <= b % 4; i++) {
                            ClassroomId c = (b + i) % 3 == 0 ? C2 : C1;
                            batch.add(event(c, new UserId("u" + thread), "u" + thread + "/" + b + "." + i, T0));
                        }
                        mine.add(store.append(batch).toCompletableFuture());
                    }
                    List<TraceEvent> acked = new ArrayList<>();
                    for (CompletableFuture<List<TraceEvent>> f : mine) {
                        acked.addAll(await(f));
                    }
                    return acked;
                }));
            }
            go.countDown();
            List<TraceEvent> acked = new ArrayList<>();
            for (Future<List<TraceEvent>> r : results) {
                acked.addAll(r.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            int expected = threads * (batchesPerThread / 4) * (1 + 2 + 3 + 4);
            assertThat(acked).hasSize(expected);
            for (ClassroomId c : List.of(C1, C2)) {
                List<TraceEvent> stored = store.read(c, 0, Integer.MAX_VALUE);
                assertThat(stored).extracting(TraceEvent::index)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, stored.size()).boxed().toList());
                assertThat(acked.stream().filter(e -> e.classroomId().equals(c)))
                        .containsExactlyInAnyOrderElementsOf(stored);
            }
            assertThat(store.size(C1) + store.size(C2)).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void duplicatesInOneBatchAreStoredOnceAndAnsweredWithTheOriginal() {
        TraceEvent a = event(C1, ALICE, "u-alice/1", T0);
        TraceEvent again = new TraceEvent(-1, C1, "other", ALICE, TraceKind.WINDOW_BLUR, T0.plusSeconds(5),
                "u-alice/1", null, Map.of("x", 1));
        TraceEvent b = event(C1, ALICE, "u-alice/2", T0);
        assertThat(append(a, b, again)).containsExactly(a.at(0), b.at(1), a.at(0));
        assertThat(store.size(C1)).isEqualTo(2);
    }

    @Test
    void duplicatesAcrossBatchesAndAfterReopenReturnTheOriginal() {
        TraceEvent a = event(C1, ALICE, "u-alice/1", T0);
        append(a, event(C1, "u-alice/2"));
        TraceEvent resent = event(C1, ALICE, "u-alice/1", T0.plusSeconds(9));
        assertThat(append(resent, event(C1, "u-alice/3"))).extracting(TraceEvent::index).containsExactly(0L, 2L);
        assertThat(append(resent).get(0)).isEqualTo(a.at(0));
        reopen();
        assertThat(append(resent, event(C1, "u-alice/4"))).containsExactly(a.at(0), event(C1, "u-alice/4").at(3));
        assertThat(store.size(C1)).isEqualTo(4);
    }

    @Test
    void theSameEventIdInTwoClassesIsTwoEvents() {
        assertThat(append(event(C1, "srv/1"), event(C2, "srv/1"))).extracting(TraceEvent::index)
                .containsExactly(0L, 0L);
        assertThat(store.size(C1)).isEqualTo(1);
        assertThat(store.size(C2)).isEqualTo(1);
    }

    @Test
    void concurrentResendsOfTheSameEventStoreItOnce() {
        List<CompletableFuture<List<TraceEvent>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(store.append(List.of(event(C1, ALICE, "u-alice/7", T0.plusSeconds(i)))).toCompletableFuture());
        }
        Set<TraceEvent> answers = new java.util.HashSet<>();
        all.forEach(f -> answers.addAll(await(f)));
        assertThat(answers).hasSize(1);
        assertThat(store.size(C1)).isEqualTo(1);
    }

    @Test
    void readHonoursFromIndexAndLimit() {
        for (int i = 0; i < 10; i++) {
            append(event(C1, "e" + i));
        }
        assertThat(store.read(C1, 3, 4)).extracting(TraceEvent::index).containsExactly(3L, 4L, 5L, 6L);
        assertThat(store.read(C1, 8, 100)).extracting(TraceEvent::index).containsExactly(8L, 9L);
        assertThat(store.read(C1, 10, 5)).isEmpty();
        assertThat(store.read(C1, 0, 0)).isEmpty();
        assertThat(store.read(new ClassroomId("nobody"), 0, 5)).isEmpty();
    }

    @Test
    void readByUserAndByTimeUseHalfOpenRangesInIndexOrder() {
        append(event(C1, ALICE, "a0", T0),
                event(C1, BOB, "b0", T0.plusSeconds(1)),
                event(C1, ALICE, "a1", T0.plusSeconds(2)),
                event(C1, ALICE, "a-late", T0.plusSeconds(10)),
                event(C1, BOB, "b-early", T0.minusSeconds(10)),
                event(C2, ALICE, "other-class", T0.plusSeconds(1)));
        assertThat(store.readByUser(C1, ALICE, T0, T0.plusSeconds(10))).extracting(TraceEvent::eventId)
                .containsExactly("a0", "a1");
        assertThat(store.readByUser(C1, ALICE, T0.plusNanos(1000), T0.plusSeconds(11)))
                .extracting(TraceEvent::eventId).containsExactly("a1", "a-late");
        assertThat(store.readByUser(C1, new UserId("nobody"), Instant.MIN, Instant.MAX)).isEmpty();
        assertThat(store.readByTime(C1, T0.minusSeconds(10), T0.plusSeconds(2))).extracting(TraceEvent::eventId)
                .containsExactly("a0", "b0", "b-early");
        assertThat(store.readByTime(C1, Instant.MIN, Instant.MAX)).hasSize(5);
        assertThat(store.readByTime(C1, Instant.EPOCH, Instant.EPOCH)).isEmpty();
    }

    @Test
    void checkpointsAreKeptInOrderOfTreeSizeAcrossReopen() {
        Checkpoint five = checkpoint(C1, 5, 2);
        Checkpoint two = checkpoint(C1, 2, 1);
        Checkpoint nine = checkpoint(C1, 9, 3);
        Checkpoint other = checkpoint(C2, 1, 1);
        store.saveCheckpoint(five);
        store.saveCheckpoint(two);
        store.saveCheckpoint(other);
        assertThat(store.checkpoints(C1)).containsExactly(two, five);
        reopen();
        store.saveCheckpoint(nine);
        assertThat(store.checkpoints(C1)).containsExactly(two, five, nine);
        assertThat(store.checkpoints(C2)).containsExactly(other);
        assertThat(store.checkpoints(new ClassroomId("nobody"))).isEmpty();
    }

    static Checkpoint checkpoint(ClassroomId c, long size, int n) {
        return new Checkpoint(c, size, "ab".repeat(32), T0.plusSeconds(n).plusNanos(123_456_789), "0123456789abcdef",
                "c2lnbmF0dXJl" + n + "==");
    }

    @Test
    void everythingAcknowledgedSurvivesCloseAndReopen() {
        List<CompletableFuture<List<TraceEvent>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inFlight.add(store.append(List.of(event(i % 2 == 0 ? C1 : C2, "e" + i))).toCompletableFuture());
        }
        store.close();
        List<TraceEvent> acked = new ArrayList<>();
        for (CompletableFuture<List<TraceEvent>> f : inFlight) {
            if (!f.isCompletedExceptionally()) {
                acked.addAll(await(f));
            }
        }
        store = openStore();
        assertThat(acked).hasSize(200);
        List<TraceEvent> stored = new ArrayList<>(store.read(C1, 0, 1000));
        stored.addAll(store.read(C2, 0, 1000));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acked);
    }

    @Test
    void sizeAndClassroomsCountOnlyClassesWithEvents() {
        assertThat(store.size(C1)).isZero();
        assertThat(store.classrooms()).isEmpty();
        store.saveCheckpoint(checkpoint(C2, 0, 1));
        append(event(C1, "x"), event(C1, "y"));
        assertThat(store.size(C1)).isEqualTo(2);
        assertThat(store.classrooms()).containsExactly(C1);
        reopen();
        assertThat(store.classrooms()).containsExactly(C1);
        assertThat(store.size(C1)).isEqualTo(2);
    }

    @Test
    void appendAfterCloseFails() {
        store.close();
        CompletableFuture<List<TraceEvent>> f = store.append(List.of(event(C1, "late"))).toCompletableFuture();
        assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        store = null;
    }

    // ------------------------------------------------------------------ what may be stored

    /** One hostile value in each field, each in an otherwise valid event. */
    static List<Map.Entry<String, TraceEvent>> unstorable() {
        TraceEvent ok = event(C1, ALICE, "u-alice/bad", T0);
        Map<String, Object> big = Map.of("text", "x".repeat(StorableEvent.MAX_LINE));
        return List.of(
                Map.entry("clientTime", withClientTime(ok, Instant.parse("+10000-01-01T00:00:00Z"))),
                Map.entry("clientTime", withClientTime(ok, Instant.parse("-0001-12-31T23:59:59Z"))),
                Map.entry("clientTime", withClientTime(ok, Instant.MAX)),
                Map.entry("recordedAt", new TraceEvent(-1, C1, "lesson-1", ALICE, TraceKind.HEARTBEAT,
                        Instant.parse("+10000-01-01T00:00:00Z"), "u-alice/bad", null, Map.of())),
                Map.entry("eventId", new TraceEvent(-1, C1, "lesson-1", ALICE, TraceKind.HEARTBEAT, T0,
                        "u-alice/\u0000", null, Map.of())),
                Map.entry("eventId", new TraceEvent(-1, C1, "lesson-1", ALICE, TraceKind.HEARTBEAT, T0,
                        "u-alice/\ud800x", null, Map.of())),
                Map.entry("userId", new TraceEvent(-1, C1, "lesson-1", new UserId("u-\udc00"), TraceKind.HEARTBEAT, T0,
                        "u-alice/bad", null, Map.of())),
                Map.entry("sessionId", new TraceEvent(-1, C1, "lesson-\u0000", ALICE, TraceKind.HEARTBEAT, T0,
                        "u-alice/bad", null, Map.of())),
                Map.entry("kind", new TraceEvent(-1, C1, "lesson-1", ALICE, TraceKind.RECORD_SET_ASIDE, T0,
                        "u-alice/bad", null, Map.of())),
                Map.entry("data", new TraceEvent(-1, C1, "lesson-1", ALICE, TraceKind.HEARTBEAT, T0,
                        "u-alice/bad", null, big)));
    }

    static TraceEvent withClientTime(TraceEvent e, Instant clientTime) {
        return new TraceEvent(e.index(), e.classroomId(), e.sessionId(), e.userId(), e.kind(), e.recordedAt(),
                e.eventId(), clientTime, e.data());
    }

    @Test
    void anEventThatCannotBeKeptExactlyOrCanonicalisedIsRefusedWholeBeforeAnythingIsDurable() {
        for (Map.Entry<String, TraceEvent> bad : unstorable()) {
            CompletableFuture<List<TraceEvent>> f = store.append(List.of(event(C1, "good-before"), bad.getValue()))
                    .toCompletableFuture();
            assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(bad.getKey())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EventRefusedException.class)
                    .satisfies(e -> assertThat(((EventRefusedException) e).field()).isEqualTo(bad.getKey()))
                    .satisfies(e -> assertThat(((EventRefusedException) e).eventId()).isEqualTo(bad.getValue().eventId()));
            assertThat(store.size(C1)).as(bad.getKey()).isZero();
        }
        assertThat(append(event(C1, "good-after"))).extracting(TraceEvent::index).containsExactly(0L);
        reopen();
        assertThat(store.read(C1, 0, 10)).extracting(TraceEvent::eventId).containsExactly("good-after");
    }

    @Test
    void aStoredEventWithNoCanonicalFormIsReadAsItsPlaceholderAndTheLogGoesOn() {
        append(event(C1, "e0"));
        TraceEvent old = withClientTime(event(C1, BOB, "u-bob/9", T0.plusSeconds(1)),
                Instant.parse("+10000-01-01T00:00:00Z"));
        plant(old.at(1));
        assertThat(append(event(C1, "e2"))).extracting(TraceEvent::index).containsExactly(2L);
        reopen();

        List<TraceEvent> log = store.read(C1, 0, 10);
        assertThat(log).extracting(TraceEvent::index).containsExactly(0L, 1L, 2L);
        TraceEvent p = log.get(1);
        assertThat(p.kind()).isEqualTo(TraceKind.RECORD_SET_ASIDE);
        assertThat(p.eventId()).isEqualTo("set-aside/1");
        assertThat(p.userId()).isEqualTo(BOB);
        assertThat(p.sessionId()).isEqualTo("lesson-1");
        assertThat(p.recordedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(p.clientTime()).isNull();
        assertThat(p.data()).containsEntry("reason", StorableEvent.NOT_CANONICAL).containsKey("rawBytes");
        assertThat((String) p.data().get("rawSha256")).matches("[0-9a-f]{64}");
        assertThat(StorableEvent.problem(p)).isEmpty();
        assertThat(store.records(C1, 1, 1)).singleElement()
                .satisfies(r -> assertThat(r.problem()).contains("clientTime").contains("+10000-01-01T00:00:00Z"))
                .satisfies(r -> assertThat(r.setAside()).isTrue());
        assertThat(store.records(C1, 0, 1).get(0).problem()).isNull();
        assertThat(store.readByUser(C1, BOB, T0, T0.plusSeconds(5))).containsExactly(p);
        // The same placeholder on every read (its hash must not change between restarts).
        reopen();
        assertThat(store.read(C1, 1, 1)).containsExactly(p);
        // A resend of the set-aside event's id is answered with its placeholder, not stored again.
        assertThat(append(event(C1, BOB, "u-bob/9", T0.plusSeconds(9)))).containsExactly(p);
        assertThat(append(event(C1, "e3"))).extracting(TraceEvent::index).containsExactly(3L);
    }

    @Test
    void aStoredRecordThatCannotBeReadAsAnEventIsReadAsItsPlaceholderAndTheLogGoesOn() {
        append(event(C1, "e0"));
        plantUnreadable(C1);
        assertThat(append(event(C1, "e2"))).extracting(TraceEvent::index).containsExactly(2L);
        reopen();

        List<TraceEvent> log = store.read(C1, 0, 10);
        assertThat(log).extracting(TraceEvent::eventId).containsExactly("e0", "set-aside/1", "e2");
        TraceEvent p = log.get(1);
        assertThat(p.kind()).isEqualTo(TraceKind.RECORD_SET_ASIDE);
        assertThat(p.userId()).isEqualTo(StorableEvent.UNKNOWN_USER);
        assertThat(p.sessionId()).isNull();
        assertThat(p.recordedAt()).isEqualTo(StorableEvent.UNKNOWN_TIME);
        assertThat(p.data()).containsEntry("reason", StorableEvent.UNREADABLE);
        assertThat(store.records(C1, 1, 1).get(0).problem()).isNotBlank();
        assertThat(store.readByTime(C1, Instant.MIN, Instant.MAX)).hasSize(3);
        reopen();
        assertThat(store.read(C1, 0, 10)).isEqualTo(log);
    }
}
