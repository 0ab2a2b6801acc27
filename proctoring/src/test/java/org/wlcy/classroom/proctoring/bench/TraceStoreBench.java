package org.wlcy.classroom.proctoring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.store.EmbeddedPostgres;
import org.wlcy.classroom.proctoring.store.FileTraceStore;
import org.wlcy.classroom.proctoring.store.PostgresTraceStore;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Benchmark (not a test) of trace appends acknowledged after fsync/COMMIT: {@code classes × users}
 * trainees append batches of 1-10 events. Two loads per store:
 * <ul>
 *   <li>{@code open}: batches issued at a fixed total rate (default the 20,000 events/s target);
 *       latency counted from when each batch was due, so a stall is not hidden;</li>
 *   <li>{@code closed}: every trainee keeps one batch in flight and sends the next as soon as it is
 *       acknowledged: the most the store acknowledges.</li>
 * </ul>
 * Prints events/s acknowledged, p50/p99/max acknowledgement latency and the ratio to the target
 * (≥ 20,000 events/s, p99 ≤ 25 ms). Run by {@code scripts/bench-trace-store.sh}; options:
 * {@code --store file|postgres|all --mode open|closed|all --classes 30 --users 31 --seconds 10
 * --warmup 3 --rate 20000 --dir <folder for the file store>}.
 */
public final class TraceStoreBench {
    static final double TARGET_EVENTS_PER_SECOND = 20_000;
    static final double TARGET_P99_MS = 25;

    private final Map<String, String> options;

    private TraceStoreBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new TraceStoreBench(options).run();
        System.exit(0);
    }

    private String opt(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        String stores = opt("store", "all");
        List<String> modes = opt("mode", "all").equals("all") ? List.of("open", "closed") : List.of(opt("mode", ""));
        System.out.printf("trace store bench: %s classes x %s users, batches of 1-10 events, %s s measured after"
                + " %s s warm-up, %d cores, java %s%n", opt("classes", "30"), opt("users", "31"), opt("seconds", "10"),
                opt("warmup", "3"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (stores.equals("all") || stores.equals("file")) {
            for (String mode : modes) {
                Path dir = Files.createTempDirectory(Path.of(opt("dir", System.getProperty("java.io.tmpdir"))),
                        "trace-bench-");
                try (TraceStore store = FileTraceStore.open(dir)) {
                    measure("file", mode, store);
                } finally {
                    delete(dir);
                }
            }
        }
        if (stores.equals("all") || stores.equals("postgres")) {
            Optional<Path> bin = EmbeddedPostgres.findBinaries();
            if (bin.isEmpty()) {
                System.out.println("postgres: skipped, not installed: " + EmbeddedPostgres.INSTALL_HINT);
                return;
            }
            try (EmbeddedPostgres pg = EmbeddedPostgres.start(bin.get())) {
                for (String mode : modes) {
                    try (TraceStore store = PostgresTraceStore.open(pg.createDatabase(), pg.user(), "")) {
                        measure("postgres", mode, store);
                    }
                }
            }
        }
    }

    private void measure(String storeName, String mode, TraceStore store) throws InterruptedException {
        int classes = Integer.parseInt(opt("classes", "30"));
        int users = Integer.parseInt(opt("users", "31"));
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opt("warmup", "3")));
        long measureNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opt("seconds", "10")));
        double rate = Double.parseDouble(opt("rate", String.valueOf((long) TARGET_EVENTS_PER_SECOND)));
        long measureFrom = System.nanoTime() + warmupNanos;
        Map<org.wlcy.classroom.lane.Stage, List<Long>> stages = new java.util.concurrent.ConcurrentHashMap<>();
        org.wlcy.classroom.lane.StageTimes.install((stage, nanos) -> {
            if (System.nanoTime() >= measureFrom) {
                stages.computeIfAbsent(stage, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(nanos);
            }
        });
        Load load = new Load(store, classes, users, measureFrom, measureNanos);
        if (mode.equals("open")) {
            load.open(rate);
        } else {
            load.closed();
        }
        load.awaitQuiet();
        long stored = load.classrooms.stream().mapToLong(store::size).sum();
        Result r = load.result();
        System.out.printf("%-8s %-6s %s; acked %d events, stored %d%s%n", storeName,
                mode.equals("open") ? "open" : "closed", r.describe(), load.ackedTotal.get(), stored,
                stored == load.ackedTotal.get() ? "" : "  MISMATCH");
        org.wlcy.classroom.lane.StageTimes.uninstall();
        // Where an append's time goes (issue J): each stage's count, p50, p99 and share of the window.
        stages.forEach((stage, list) -> {
            long[] l;
            synchronized (list) {
                l = list.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            double busy = Arrays.stream(l).sum() / (double) measureNanos;
            System.out.printf("  stage %-12s %,9d  p50 %7.3f ms  p99 %7.3f ms  busy %5.1f %% of the window%n",
                    stage.wire(), l.length, Result.pct(l, 0.50), Result.pct(l, 0.99), 100 * busy);
        });
    }

    /** Latencies (ns) and events acknowledged in the measured window. */
    record Result(long[] latencies, long events, double seconds) {
        String describe() {
            long[] l = latencies.clone();
            Arrays.sort(l);
            double perSecond = events / seconds;
            double p99 = pct(l, 0.99);
            return String.format("%,.0f events/s (%.2f x target), batches %d, latency p50 %.1f ms, p99 %.1f ms"
                            + " (%.2f x limit), max %.1f ms", perSecond, perSecond / TARGET_EVENTS_PER_SECOND,
                    l.length, pct(l, 0.50), p99, p99 / TARGET_P99_MS, l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        }

        static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    /** One run: the trainees, their counters, and what was acknowledged when. */
    private static final class Load {
        final TraceStore store;
        final List<ClassroomId> classrooms = new ArrayList<>();
        final List<ClassroomId> userClass = new ArrayList<>();
        final List<UserId> userIds = new ArrayList<>();
        final long[] sequence;
        final long measureFrom;
        final long measureTo;
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong ackedTotal = new AtomicLong();
        final AtomicLong ackedInWindow = new AtomicLong();
        final ExecutorService issuers = Executors.newFixedThreadPool(2);
        private long[] latencies = new long[1 << 16];
        private int count;

        Load(TraceStore store, int classes, int users, long measureFrom, long measureNanos) {
            this.store = store;
            for (int c = 0; c < classes; c++) {
                ClassroomId id = new ClassroomId("bench-" + c);
                classrooms.add(id);
                for (int u = 0; u < users; u++) {
                    userClass.add(id);
                    userIds.add(new UserId("c" + c + "-u" + u));
                }
            }
            this.sequence = new long[userIds.size()];
            this.measureFrom = measureFrom;
            this.measureTo = measureFrom + measureNanos;
        }

        /** Batches due at a fixed rate, round robin over the trainees, from one thread. */
        void open(double eventsPerSecond) {
            double nanosPerBatch = 5.5 / eventsPerSecond * 1e9;
            long start = System.nanoTime();
            for (long n = 0; ; n++) {
                long due = start + (long) (n * nanosPerBatch);
                if (due >= measureTo) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send((int) (n % userIds.size()), due, false);
            }
        }

        /** Every trainee keeps one batch in flight until the window ends. */
        void closed() throws InterruptedException {
            for (int u = 0; u < userIds.size(); u++) {
                int user = u;
                issuers.execute(() -> send(user, System.nanoTime(), true));
            }
            long left = measureTo - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }

        private void send(int user, long due, boolean again) {
            List<TraceEvent> batch = batch(user);
            inFlight.incrementAndGet();
            store.append(batch).whenComplete((stored, failure) -> {
                long now = System.nanoTime();
                if (failure != null) {
                    System.err.println("append failed: " + failure);
                } else {
                    ackedTotal.addAndGet(stored.size());
                    if (due >= measureFrom && now <= measureTo) {
                        ackedInWindow.addAndGet(stored.size());
                        record(now - due);
                    }
                }
                if (again && now < measureTo) {
                    issuers.execute(() -> send(user, System.nanoTime(), true));
                }
                inFlight.decrementAndGet();
            });
        }

        private List<TraceEvent> batch(int user) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int size = 1 + random.nextInt(10);
            List<TraceEvent> batch = new ArrayList<>(size);
            Instant now = Instant.now();
            synchronized (sequence) {
                for (int i = 0; i < size; i++) {
                    long seq = sequence[user]++;
                    batch.add(new TraceEvent(-1, userClass.get(user), "lesson-1", userIds.get(user),
                            TraceKind.VISIBILITY_VISIBLE, now, userIds.get(user) + "/" + seq, now.minusMillis(40),
                            Map.of("hiddenMs", 1200 + seq, "visible", true, "page", "lesson")));
                }
            }
            return batch;
        }

        private synchronized void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        void awaitQuiet() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            issuers.shutdown();
            issuers.awaitTermination(10, TimeUnit.SECONDS);
        }

        synchronized Result result() {
            return new Result(Arrays.copyOf(latencies, count), ackedInWindow.get(), (measureTo - measureFrom) / 1e9);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
