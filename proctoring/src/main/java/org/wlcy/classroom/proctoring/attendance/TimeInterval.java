package org.wlcy.classroom.proctoring.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A half-open span of server time {@code [start, end)}, with the few set operations attendance
 * needs (union, difference, clipping). Lists returned by the static helpers are sorted, merged
 * (no two intervals touch or overlap) and unmodifiable.
 *
 * @param start first instant inside
 * @param end   first instant after; never before {@code start}
 */
public record TimeInterval(Instant start, Instant end) {
    public TimeInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("interval ends (" + end + ") before it starts (" + start + ")");
        }
    }

    /** How long it lasts. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Whether it lasts no time at all. */
    public boolean isEmpty() {
        return start.equals(end);
    }

    /** Sorted, merged copy of {@code intervals}, empty intervals dropped. */
    public static List<TimeInterval> union(Collection<TimeInterval> intervals) {
        List<TimeInterval> sorted = new ArrayList<>(intervals);
        sorted.removeIf(TimeInterval::isEmpty);
        sorted.sort(Comparator.comparing(TimeInterval::start).thenComparing(TimeInterval::end));
        List<TimeInterval> out = new ArrayList<>();
        for (TimeInterval i : sorted) {
            if (!out.isEmpty() && !i.start.isAfter(out.get(out.size() - 1).end)) {
                TimeInterval last = out.remove(out.size() - 1);
                out.add(new TimeInterval(last.start, i.end.isAfter(last.end) ? i.end : last.end));
            } else {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    /** The parts of {@code from} not covered by {@code minus}. */
    public static List<TimeInterval> subtract(Collection<TimeInterval> from, Collection<TimeInterval> minus) {
        List<TimeInterval> cut = union(minus);
        List<TimeInterval> out = new ArrayList<>();
        for (TimeInterval i : union(from)) {
            Instant cursor = i.start;
            for (TimeInterval c : cut) {
                if (!c.end.isAfter(cursor) || !c.start.isBefore(i.end)) {
                    continue;
                }
                if (c.start.isAfter(cursor)) {
                    out.add(new TimeInterval(cursor, c.start));
                }
                cursor = c.end.isAfter(cursor) ? c.end : cursor;
                if (!cursor.isBefore(i.end)) {
                    break;
                }
            }
            if (cursor.isBefore(i.end)) {
                out.add(new TimeInterval(cursor, i.end));
            }
        }
        return union(out);
    }

    /** The parts of {@code intervals} inside {@code [from, to)}. */
    public static List<TimeInterval> clip(Collection<TimeInterval> intervals, Instant from, Instant to) {
        List<TimeInterval> out = new ArrayList<>();
        for (TimeInterval i : intervals) {
            Instant s = i.start.isBefore(from) ? from : i.start;
            Instant e = i.end.isAfter(to) ? to : i.end;
            if (s.isBefore(e)) {
                out.add(new TimeInterval(s, e));
            }
        }
        return union(out);
    }

    /** The summed length of {@code intervals} (which should not overlap; see {@link #union}). */
    public static Duration total(Collection<TimeInterval> intervals) {
        Duration sum = Duration.ZERO;
        for (TimeInterval i : intervals) {
            sum = sum.plus(i.duration());
        }
        return sum;
    }
}
