package org.wlcy.classroom.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLaneTest {
    private static final long TIMEOUT_S = 20;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    private SerialLane lane() {
        return new SerialLane(pool, (t, e) -> errors.add(e));
    }

    @Test
    void tasksFromOneSubmitterRunInOrder() throws Exception {
        SerialLane lane = lane();
        List<Integer> seen = new ArrayList<>();
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(1);

        for (int i = 0; i < n; i++) {
            int v = i;
            lane.execute(() -> seen.add(v));
        }
        lane.execute(done::countDown);

        assertThat(done.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(n).isSorted();
    }

    @Test
    void eachSubmittersOrderIsKeptUnderConcurrentSubmission() throws Exception {
        SerialLane lane = lane();
        int threads = 6;
        int perThread = 5_000;
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        CyclicBarrier go = new CyclicBarrier(threads);
        ExecutorService submitters = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                seen.put(thread, new ArrayList<>());
                submitters.execute(() -> {
                    try {
                        go.await(TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        int v = i;
                        // Plain ArrayList per submitter: safe only if the lane never runs two tasks at once.
                        lane.execute(() -> {
                            seen.get(thread).add(v);
                            done.countDown();
                        });
                    }
                });
            }

            assertThat(done.await(TIMEOUT_S, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
        } finally {
            submitters.shutdownNow();
        }
        assertThat(seen.values()).allSatisfy(list -> assertThat(list).hasSize(perThread).isSorted());
        assertThat(errors).isEmpty();
    }

    @Test
    void neverRunsTwoTasksAtOnce() throws Exception {
        SerialLane lane = lane();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        int[] unsynchronized = {0};
        int tasks = 20_000;
        CountDownLatch done = new CountDownLatch(tasks);

        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> lane.execute(() -> {
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                unsynchronized[0]++;
                for (int spin = 0; spin < 50; spin++) {
                    counter.incrementAndGet();
                }
                running.decrementAndGet();
                done.countDown();
            }));
        }

        assertThat(done.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(unsynchronized[0]).as("no lost updates without locks").isEqualTo(tasks);
    }

    @Test
    void aFailingTaskReachesTheHandlerAndLaterTasksStillRun() throws Exception {
        CountDownLatch handled = new CountDownLatch(2);
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        SerialLane lane = new SerialLane(pool, (t, e) -> {
            seen.add(e);
            handled.countDown();
        });
        IllegalStateException boom = new IllegalStateException("boom");
        AssertionError error = new AssertionError("an Error too");
        CountDownLatch later = new CountDownLatch(1);
        AtomicBoolean beforeRan = new AtomicBoolean();

        lane.execute(() -> beforeRan.set(true));
        lane.execute(() -> {
            throw boom;
        });
        lane.execute(() -> {
            throw error;
        });
        lane.execute(later::countDown);

        assertThat(later.await(TIMEOUT_S, TimeUnit.SECONDS)).as("a later task ran").isTrue();
        assertThat(handled.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly(boom, error);
        assertThat(beforeRan).isTrue();
    }

    @Test
    void theLaneKeepsWorkingAfterAFailureOnAnIdleLane() throws Exception {
        SerialLane lane = lane();
        CountDownLatch first = new CountDownLatch(1);
        lane.execute(() -> {
            first.countDown();
            throw new IllegalStateException("boom");
        });
        assertThat(first.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

        CountDownLatch second = new CountDownLatch(1);
        lane.execute(second::countDown);

        assertThat(second.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void lanesOnOnePoolRunIndependently() throws Exception {
        SerialLane blocked = lane();
        SerialLane other = lane();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        blocked.execute(() -> {
            try {
                release.await(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        other.execute(otherRan::countDown);

        assertThat(otherRan.await(TIMEOUT_S, TimeUnit.SECONDS)).as("one busy lane does not stall another").isTrue();
        release.countDown();
    }

    @Test
    void aRejectingPoolIsReportedToTheCallerAndTheLaneRecovers() throws Exception {
        AtomicBoolean reject = new AtomicBoolean(true);
        SerialLane lane = new SerialLane(task -> {
            if (reject.get()) {
                throw new RejectedExecutionException("pool is full");
            }
            pool.execute(task);
        }, (t, e) -> errors.add(e));
        AtomicBoolean rejectedRan = new AtomicBoolean();

        assertThatThrownBy(() -> lane.execute(() -> rejectedRan.set(true)))
                .isInstanceOf(RejectedExecutionException.class);

        reject.set(false);
        CountDownLatch ran = new CountDownLatch(1);
        lane.execute(ran::countDown);
        assertThat(ran.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(rejectedRan).as("a rejected task is not run later by surprise").isFalse();
    }
}
