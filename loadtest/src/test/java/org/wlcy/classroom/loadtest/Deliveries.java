package org.wlcy.classroom.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out figures Gatling does not keep: every {@code chat.message} / {@code danmaku.shown} a
 * connection receives whose text starts {@code ts:<epoch ms>} is one delivery, its latency the
 * receive time (Gatling's timestamp of the frame) minus that send time, 1 ms resolution. Only
 * messages sent inside the measured window count, so warm-up and the tail do not dilute the rate.
 */
final class Deliveries {
    private static final int MAX_MS = 60_000;
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(MAX_MS + 1);
    private static final LongAdder DELIVERED = new LongAdder();
    private static final LongAdder SENT = new LongAdder();
    private static final LongAdder DELIVERED_TO_LISTENERS = new LongAdder();
    private static volatile long windowStart = 0;
    private static volatile long windowEnd = Long.MAX_VALUE;

    private Deliveries() {
    }

    /** Counts only messages sent in [start, end) (epoch ms). */
    static void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    static boolean inWindow(long sentAt) {
        return sentAt >= windowStart && sentAt < windowEnd;
    }

    /** A stamped message was sent at {@code sentAt}. */
    static void sent(long sentAt) {
        if (inWindow(sentAt)) {
            SENT.increment();
        }
    }

    /** A stamped message sent at about {@code sentAt} was refused. */
    static void unsent(long sentAt) {
        if (inWindow(sentAt)) {
            SENT.decrement();
        }
    }

    /**
     * @param bySender whether the receiving connection sends too: Gatling drops what a connection
     *     receives while it awaits a reply and between its last read and its next send, so only
     *     the listeners' counts are exact
     */
    static void received(String frame, long receivedAt, boolean bySender) {
        int i = frame.indexOf("\"text\":\"ts:");
        if (i < 0) {
            return;
        }
        long sentAt = 0;
        for (int p = i + 11; p < frame.length(); p++) {
            char c = frame.charAt(p);
            if (c < '0' || c > '9') {
                break;
            }
            sentAt = sentAt * 10 + (c - '0');
        }
        if (!inWindow(sentAt)) {
            return;
        }
        DELIVERED.increment();
        if (!bySender) {
            DELIVERED_TO_LISTENERS.increment();
        }
        HISTOGRAM.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, receivedAt - sentAt)));
    }

    /**
     * Prints the figures and writes them as properties to {@code load.summaryFile}.
     *
     * @param recipientsPerMessage how many connections each message should reach
     */
    static void report(String simulation, int recipientsPerMessage) {
        report(simulation, recipientsPerMessage, -1);
    }

    /**
     * @param listenersPerMessage how many of them never send (-1: not known); their arrival share
     *     is exact, see {@link #received}
     */
    static void report(String simulation, int recipientsPerMessage, int listenersPerMessage) {
        long delivered = DELIVERED.sum();
        long sent = SENT.sum();
        double seconds = (windowEnd == Long.MAX_VALUE ? 0 : windowEnd - windowStart) / 1000.0;
        long[] counts = new long[HISTOGRAM.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = HISTOGRAM.get(i);
        }
        StringBuilder out = new StringBuilder();
        out.append("simulation=").append(simulation).append('\n');
        out.append("window.seconds=").append(fmt(seconds)).append('\n');
        out.append("window.startMillis=").append(windowStart).append('\n');
        out.append("window.endMillis=").append(windowEnd == Long.MAX_VALUE ? 0 : windowEnd).append('\n');
        out.append("messages.sent=").append(sent).append('\n');
        out.append("deliveries=").append(delivered).append('\n');
        out.append("deliveries.expected=").append(sent * recipientsPerMessage).append('\n');
        out.append("deliveries.arrivedPercent=")
                .append(fmt(sent == 0 ? 0 : 100.0 * delivered / (sent * (double) recipientsPerMessage))).append('\n');
        double listenersShare = -1;
        if (listenersPerMessage > 0 && sent > 0) {
            listenersShare = DELIVERED_TO_LISTENERS.sum() / (sent * (double) listenersPerMessage);
            out.append("deliveries.listenersArrivedPercent=").append(fmt(100.0 * listenersShare)).append('\n');
        }
        out.append("deliveries.countedPerSecond=").append(fmt(seconds == 0 ? 0 : delivered / seconds)).append('\n');
        // What the server delivered: every message to everyone in its class, as far as the
        // listeners' exact count shows; else what the connections counted.
        double perSecond = seconds == 0 ? 0 : listenersShare >= 0
                ? sent * (double) recipientsPerMessage * Math.min(1, listenersShare) / seconds
                : delivered / seconds;
        out.append("deliveries.perSecond=").append(fmt(perSecond)).append('\n');
        out.append("latency.p50.ms=").append(percentile(counts, delivered, 0.50)).append('\n');
        out.append("latency.p95.ms=").append(percentile(counts, delivered, 0.95)).append('\n');
        out.append("latency.p99.ms=").append(percentile(counts, delivered, 0.99)).append('\n');
        out.append("latency.max.ms=").append(percentile(counts, delivered, 1.0)).append('\n');
        out.append(Replies.lines(seconds));
        Summary.write(out.toString());
    }

    static long percentile(long[] counts, long total, double q) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return counts.length - 1;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Prints a block of {@code key=value} lines and appends it to {@code load.summaryFile}. */
    static final class Summary {
        private Summary() {
        }

        static void write(String properties) {
            System.out.println("---- loadtest summary ----\n" + properties + "--------------------------");
            String file = LoadSettings.summaryFile();
            if (!file.isEmpty()) {
                try {
                    Files.writeString(Path.of(file), properties, StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    System.err.println("could not write " + file + ": " + e);
                }
            }
        }
    }
}
