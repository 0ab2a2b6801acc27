package org.wlcy.classroom.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Benchmark (not a test) of chat and danmaku fan-out through the whole gateway: the real Netty
 * server, router, class lanes and embedded (fsync'd) trace store, with a fake media server, on
 * loopback. {@code N} WebSocket clients (JDK {@link HttpClient}) join {@code classes} classes of
 * {@code perClass} (one lecturer, who starts the lesson, and trainees); in each class
 * {@code senders} trainees send chat messages and danmaku in turn at a fixed total rate
 * ({@code perClassRate} a second per class) for {@code seconds}, after {@code warmup} seconds.
 * Each text carries the sender's {@code System.nanoTime()}; every receiver (the sender included)
 * parses it from the {@code chat.message} / {@code danmaku.shown} frame, so latency is
 * send → receive through the server, in one JVM. Prints deliveries/s, the share of expected
 * deliveries that arrived, and p50/p99/max latency.
 *
 * <p>The trainees' rate limits are raised for the run ({@code interaction.chatPerMinute} etc.):
 * this measures fan-out, not the limiter. Client and server share the machine's cores.
 * Run by {@code scripts/bench-chat-fanout.sh}; options: {@code --scenarios 1,100 --perClass 30
 * --senders 10 --perClassRate 20 --seconds 20 --warmup 5 --httpClients 8 --dir <data folder>}.
 */
public final class ChatFanoutBench {
    /** Latency histogram: 10 µs buckets up to 10 s. */
    private static final int BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 1_000_000;
    private static final String SECRET = "chat-fanout-bench-secret-0123456789abcdefghij";

    private final Map<String, String> options;

    private ChatFanoutBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new ChatFanoutBench(options).run();
        System.exit(0);
    }

    private int opt(String key, int def) {
        return Integer.parseInt(options.getOrDefault(key, String.valueOf(def)));
    }

    private void run() throws Exception {
        int perClass = opt("perClass", 30);
        int senders = opt("senders", 10);
        int perClassRate = opt("perClassRate", 20);
        int seconds = opt("seconds", 20);
        int warmup = opt("warmup", 5);
        int httpClients = opt("httpClients", 8);
        Path dir = Path.of(options.getOrDefault("dir", "media-gateway/target/bench-chat"));
        System.out.printf(Locale.ROOT, "chat/danmaku fan-out: %d per class (1 lecturer), %d senders per class, "
                + "%d messages/s per class, %d s measured after %d s warm-up, %d cores%n", perClass, senders,
                perClassRate, seconds, warmup, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %-11s %-10s %-13s %-9s %-9s %-9s %-9s%n", "classes", "connections",
                "sent/s", "delivered/s", "arrived", "p50 ms", "p99 ms", "max ms");
        for (String s : options.getOrDefault("scenarios", "1,100").split(",")) {
            int classes = Integer.parseInt(s.trim());
            Result r = scenario(dir.resolve("c" + classes), classes, perClass, senders, perClassRate, seconds, warmup,
                    httpClients);
            System.out.printf(Locale.ROOT, "%-8d %-11d %-10.0f %-13.0f %-9s %-9.2f %-9.2f %-9.2f%n", classes,
                    classes * perClass, r.sentPerSecond, r.deliveredPerSecond,
                    String.format(Locale.ROOT, "%.2f%%", 100.0 * r.arrived), r.p50Ms, r.p99Ms, r.maxMs);
            System.out.println("         " + r.cpu);
        }
    }

    private record Result(double sentPerSecond, double deliveredPerSecond, double arrived, double p50Ms, double p99Ms,
                          double maxMs, String cpu) {
    }

    /** CPU time of the live threads, by what they are (server event loops, lanes, store; bench clients). */
    private static Map<String, Long> cpuByGroup() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            String n = t.getThreadName();
            String group = n.startsWith("nioEventLoopGroup") ? "server-netty"
                    : n.startsWith("class-lane") ? "server-lanes"
                    : n.startsWith("trace") || n.contains("commit") ? "server-trace"
                    : n.startsWith("HttpClient") || n.startsWith("pool-") ? "bench-clients"
                    : "other";
            out.merge(group, Math.max(0, ns), Long::sum);
        }
        out.put("process", ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        long gcMillis = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        out.put("gc-pauses", gcMillis * 1_000_000);
        return out;
    }

    private static String cpuShare(Map<String, Long> before, Map<String, Long> after, double seconds) {
        StringBuilder sb = new StringBuilder();
        after.forEach((group, ns) -> {
            double cores = (ns - before.getOrDefault(group, 0L)) / 1e9 / seconds;
            if (cores >= 0.005) {
                sb.append(String.format(Locale.ROOT, "%s %.2f, ", group, cores));
            }
        });
        return sb.length() == 0 ? "" : "cores busy: " + sb.substring(0, sb.length() - 2);
    }

    /** Counts deliveries whose send time falls in the measured window, and their latency. */
    private static final class Tally {
        final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong maxNanos = new AtomicLong();
        volatile long windowStart = Long.MAX_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;

        boolean inWindow(long sentAt) {
            return sentAt >= windowStart && sentAt < windowEnd;
        }

        void received(long sentAt, long now) {
            if (!inWindow(sentAt)) {
                return;
            }
            long latency = now - sentAt;
            delivered.incrementAndGet();
            histogram.incrementAndGet((int) Math.min(BUCKETS - 1, latency / BUCKET_NANOS));
            maxNanos.accumulateAndGet(latency, Math::max);
        }

        double percentileMs(double p) {
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                total += histogram.get(i);
            }
            long rank = (long) Math.ceil(p * total);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += histogram.get(i);
                if (seen >= rank && seen > 0) {
                    return (i + 1L) * BUCKET_NANOS / 1e6;
                }
            }
            return 0;
        }
    }

    private Result scenario(Path dataDir, int classes, int perClass, int senders, int perClassRate, int seconds,
                            int warmup, int httpClients) throws Exception {
        deleteTree(dataDir);
        Files.createDirectories(dataDir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--interaction.chatPerMinute=60000", "--interaction.chatBurst=1000",
                "--interaction.danmakuPerMinute=60000", "--interaction.danmakuBurst=1000",
                "--ws.framesPerSecond=10000", "--ws.frameBurst=100000"));
        Tally tally = new Tally();
        ExecutorService clientPool = Executors.newFixedThreadPool(Math.max(2, httpClients));
        List<HttpClient> http = new ArrayList<>();
        for (int i = 0; i < httpClients; i++) {
            http.add(HttpClient.newBuilder().executor(clientPool).build());
        }
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        List<Client> all = new ArrayList<>();
        try (Gateway gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC())) {
            // Connect and join: lecturers first (they start the lessons), then trainees, 64 at a time.
            List<List<Client>> byClass = new ArrayList<>();
            Semaphore inFlight = new Semaphore(64);
            for (int c = 0; c < classes; c++) {
                ClassroomId id = new ClassroomId("bench-" + c);
                List<Client> members = new ArrayList<>();
                for (int m = 0; m < perClass; m++) {
                    Role role = m == 0 ? Role.LECTURER : Role.TRAINEE;
                    String user = (m == 0 ? "l" : "t") + c + "-" + m;
                    String token = gateway.tokens().issue(new Identity(new UserId(user), user, role, Set.of(id),
                            "bench", "110000", Instant.now()), Duration.ofHours(2));
                    members.add(new Client(http.get(all.size() % http.size()), port, token, id, tally));
                    all.add(members.get(members.size() - 1));
                }
                byClass.add(members);
            }
            for (List<Client> members : byClass) {
                members.get(0).connectAndJoin(inFlight).join();
                members.get(0).startLesson().join();
            }
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            for (List<Client> members : byClass) {
                members.stream().skip(1).forEach(m -> joins.add(m.connectAndJoin(inFlight)));
            }
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);

            // Each class: senders take turns at the class's rate, alternating chat and danmaku.
            long periodNanos = 1_000_000_000L / perClassRate;
            for (List<Client> members : byClass) {
                List<Client> talking = members.subList(1, Math.min(members.size(), 1 + senders));
                long offset = (long) (Math.random() * periodNanos);
                long[] n = {0};
                ticker.scheduleAtFixedRate(() -> {
                    long k = n[0]++;
                    talking.get((int) (k % talking.size())).send(k % 2 == 0);
                }, offset, periodNanos, TimeUnit.NANOSECONDS);
            }
            pause(Duration.ofSeconds(warmup));
            Map<String, Long> cpuBefore = cpuByGroup();
            tally.windowStart = System.nanoTime();
            pause(Duration.ofSeconds(seconds));
            tally.windowEnd = System.nanoTime();
            Map<String, Long> cpuAfter = cpuByGroup();
            ticker.shutdownNow();
            pause(Duration.ofSeconds(2)); // deliveries of the window's last messages
            long sentInWindow = tally.sent.get();
            double window = (tally.windowEnd - tally.windowStart) / 1e9;
            long expected = sentInWindow * perClass;
            Result r = new Result(sentInWindow / window, tally.delivered.get() / window,
                    expected == 0 ? 0 : (double) tally.delivered.get() / expected, tally.percentileMs(0.50),
                    tally.percentileMs(0.99), tally.maxNanos.get() / 1e6, cpuShare(cpuBefore, cpuAfter, window));
            all.forEach(Client::abort);
            return r;
        } finally {
            ticker.shutdownNow();
            clientPool.shutdownNow();
        }
    }

    /** One bench page: a WebSocket that joins, may send, and tallies what it receives. */
    private static final class Client implements WebSocket.Listener {
        private final HttpClient http;
        private final int port;
        private final String token;
        private final ClassroomId classroom;
        private final Tally tally;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final CompletableFuture<Void> lessonStarted = new CompletableFuture<>();
        private volatile WebSocket socket;
        private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
        private long requests;

        Client(HttpClient http, int port, String token, ClassroomId classroom, Tally tally) {
            this.http = http;
            this.port = port;
            this.token = token;
            this.classroom = classroom;
            this.tally = tally;
        }

        CompletableFuture<Void> connectAndJoin(Semaphore inFlight) {
            inFlight.acquireUninterruptibly();
            return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .header("Origin", "http://127.0.0.1:" + port) // as the server's own pages
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), this)
                    .thenCompose(ws -> {
                        socket = ws;
                        return ws.sendText("{\"type\":\"class.join\",\"requestId\":\"j\",\"classroomId\":\""
                                + classroom.value() + "\"}", true);
                    })
                    .thenCompose(ws -> joined)
                    .whenComplete((ok, e) -> inFlight.release());
        }

        CompletableFuture<Void> startLesson() {
            socket.sendText("{\"type\":\"session.start\",\"requestId\":\"s\"}", true);
            return lessonStarted;
        }

        /** Sends one chat message or danmaku carrying the send time; skipped if the previous send is pending. */
        synchronized void send(boolean chat) {
            if (!lastSend.isDone()) {
                return;
            }
            long now = System.nanoTime();
            String text = "b:" + now;
            String frame = chat
                    ? "{\"type\":\"chat.send\",\"requestId\":\"c" + (++requests) + "\",\"text\":\"" + text
                            + "\",\"to\":\"class\"}"
                    : "{\"type\":\"danmaku.send\",\"requestId\":\"d" + (++requests) + "\",\"text\":\"" + text + "\"}";
            if (tally.inWindow(now)) {
                tally.sent.incrementAndGet();
            }
            lastSend = socket.sendText(frame, true);
        }

        void abort() {
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                received(frame);
            }
            ws.request(1);
            return null;
        }

        private void received(String frame) {
            long now = System.nanoTime();
            if (frame.startsWith("{\"type\":\"chat.message\"") || frame.startsWith("{\"type\":\"danmaku.shown\"")) {
                int at = frame.indexOf("\"text\":\"b:");
                if (at >= 0) {
                    int from = at + 10;
                    int to = frame.indexOf('"', from);
                    tally.received(Long.parseLong(frame, from, to, 10), now);
                }
            } else if (frame.startsWith("{\"type\":\"class.join.ok\"")) {
                joined.complete(null);
            } else if (frame.startsWith("{\"type\":\"session.start.ok\"")) {
                lessonStarted.complete(null);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                System.err.println("error: " + frame);
                joined.complete(null);
                lessonStarted.complete(null);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            joined.completeExceptionally(new IOException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            joined.completeExceptionally(error);
        }
    }

    /** Lets the load run for a while (the bench's measuring window, not a test waiting on a condition). */
    private static void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
