package org.wlcy.classroom.loadtest;

import io.gatling.javaapi.core.Session;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request → reply times of the signalling requests sent inside the measured window, kept here
 * as well as in Gatling's report because Gatling also lists each frame's send (the
 * {@code send <type>} rows, ~0 ms) and so dilutes its global percentiles. Measured from just
 * before the send to the end of the awaited check, 10 µs resolution; a reply that is an
 * {@code error} or does not come within the timeout counts as KO (its time is not in the
 * percentiles).
 */
final class Replies {
    private static final int BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 1_000_000; // 10 s
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(BUCKETS + 1);
    private static final Map<String, LongAdder[]> BY_TYPE = new ConcurrentHashMap<>();

    private Replies() {
    }

    static Session sending(Session s) {
        return s.set("sentNanos", System.nanoTime()).set("sentMillis", System.currentTimeMillis());
    }

    static Session replied(String type, Session s) {
        long nanos = System.nanoTime() - s.getLong("sentNanos");
        boolean ok = !s.isFailed();
        if (Deliveries.inWindow(s.getLong("sentMillis"))) {
            LongAdder[] counts = BY_TYPE.computeIfAbsent(type, t -> new LongAdder[] {new LongAdder(), new LongAdder()});
            counts[ok ? 0 : 1].increment();
            if (ok) {
                HISTOGRAM.incrementAndGet((int) Math.min(BUCKETS, nanos / BUCKET_NANOS));
            }
        }
        if (!ok && (type.equals("chat.send") || type.equals("danmaku.send"))) {
            Deliveries.unsent(s.getLong("sentMillis")); // refused (e.g. rate-limited): nobody gets it
        }
        Session marked = s.set("lastReplyOk", ok);
        return ok ? marked : marked.markAsSucceeded();
    }

    /** {@code key=value} lines: requests (OK, KO), requests/s over {@code seconds}, percentiles, per type. */
    static String lines(double seconds) {
        long[] counts = new long[HISTOGRAM.length()];
        long ok = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = HISTOGRAM.get(i);
            ok += counts[i];
        }
        long ko = 0;
        StringBuilder perType = new StringBuilder();
        for (Map.Entry<String, LongAdder[]> e : new TreeMap<>(BY_TYPE).entrySet()) {
            ko += e.getValue()[1].sum();
            perType.append("requests.").append(e.getKey()).append("=").append(e.getValue()[0].sum())
                    .append(" ok / ").append(e.getValue()[1].sum()).append(" ko\n");
        }
        return "requests.ok=" + ok + "\nrequests.ko=" + ko + "\n"
                + "requests.perSecond=" + Deliveries.fmt(seconds <= 0 ? 0 : (ok + ko) / seconds) + "\n"
                + "reply.p50.ms=" + ms(counts, ok, 0.50) + "\n"
                + "reply.p95.ms=" + ms(counts, ok, 0.95) + "\n"
                + "reply.p99.ms=" + ms(counts, ok, 0.99) + "\n"
                + "reply.max.ms=" + ms(counts, ok, 1.0) + "\n"
                + perType;
    }

    private static String ms(long[] counts, long total, double q) {
        long bucket = Deliveries.percentile(counts, total, q);
        return bucket < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", (bucket + 1) * BUCKET_NANOS / 1e6);
    }
}
