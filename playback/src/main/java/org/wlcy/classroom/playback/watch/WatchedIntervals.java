package org.wlcy.classroom.playback.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a video a trainee has been credited for, in media seconds, kept merged and sorted
 * (touching or overlapping spans become one). Not thread-safe.
 */
public final class WatchedIntervals {
    /** One watched span {@code [start, end)} in seconds. */
    public record Span(double start, double end) {
        public Span {
            if (!(start >= 0) || !(end >= start)) {
                throw new IllegalArgumentException("a span needs 0 <= start <= end");
            }
        }

        public double length() {
            return end - start;
        }
    }

    private final List<Span> spans = new ArrayList<>();

    public WatchedIntervals() {
    }

    public WatchedIntervals(List<Span> initial) {
        initial.forEach(s -> add(s.start(), s.end()));
    }

    /** Adds {@code [start, end)}; returns how many seconds were new. */
    public double add(double start, double end) {
        if (end <= start) {
            return 0;
        }
        double before = total();
        double s = start;
        double e = end;
        List<Span> merged = new ArrayList<>(spans.size() + 1);
        int i = 0;
        while (i < spans.size() && spans.get(i).end() < s) {
            merged.add(spans.get(i++));
        }
        while (i < spans.size() && spans.get(i).start() <= e) {
            s = Math.min(s, spans.get(i).start());
            e = Math.max(e, spans.get(i).end());
            i++;
        }
        merged.add(new Span(s, e));
        while (i < spans.size()) {
            merged.add(spans.get(i++));
        }
        spans.clear();
        spans.addAll(merged);
        return total() - before;
    }

    /** Seconds covered in all. */
    public double total() {
        double sum = 0;
        for (Span s : spans) {
            sum += s.length();
        }
        return sum;
    }

    /** Seconds covered within {@code [0, limit)}. */
    public double coveredWithin(double limit) {
        double sum = 0;
        for (Span s : spans) {
            sum += Math.max(0, Math.min(s.end(), limit) - s.start());
        }
        return sum;
    }

    /** The spans, merged and sorted. */
    public List<Span> spans() {
        return List.copyOf(spans);
    }
}
