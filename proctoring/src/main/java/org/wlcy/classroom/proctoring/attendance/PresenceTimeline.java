package org.wlcy.classroom.proctoring.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * When one trainee was connected, and when attentive, as their trace shows it.
 *
 * <p>Only server time ({@link TraceEvent#recordedAt()}) places events; the client's clock is never
 * used. A presence opens at {@code presence.joined} (or at any later sign of life if the join was
 * lost or the connection resumed after a cut) and closes at {@code presence.left} or
 * {@code presence.suspended} (a dropped connection; {@code presence.resumed} opens it again), or, when the
 * connection goes silent for longer than {@link AttendancePolicy#heartbeatTimeout()}, at its last
 * sign of life: a connection that drops without a {@code left} event is never present forever.
 * Every event the trainee's page causes is a sign of life (heartbeats, focus changes, answers,
 * sign-in…); {@code left}, roll calls, leave events, lesson start/end and on-demand/replay
 * progress (watching a recording is not attending the live lesson) are not.
 *
 * <p>Hidden time runs from {@code focus.hidden} (or a heartbeat with {@code visible=false}) to
 * {@code focus.visible} (or a heartbeat with {@code visible=true}), and ends with the presence. When
 * {@code focus.visible}'s {@code hiddenMs} is longer than the span on record (its start lost, or
 * both ends delivered in one late batch), the span is back-dated by it, never beyond the
 * presence's start: client-reported durations may only lower the time credited.
 * Blurred time ({@code focus.blur}/{@code focus.focus}, {@code blurredMs}) works alike.
 *
 * <p>Instances are immutable; {@link #within} clips one to a lesson.
 */
public final class PresenceTimeline {

    /** Event kinds that are not a sign of the trainee's page being alive. */
    private static final Set<TraceKind> NOT_LIFE = EnumSet.of(TraceKind.LEFT, TraceKind.PRESENCE_SUSPENDED,
            TraceKind.ROLL_CALL,
            TraceKind.LEAVE_REQUESTED, TraceKind.LEAVE_DECIDED, TraceKind.SESSION_STARTED, TraceKind.SESSION_ENDED,
            TraceKind.TAB_SWITCH_WARNING, TraceKind.PLAYBACK_PROGRESS, TraceKind.REGULATOR_READ,
            TraceKind.VIDEO_QUESTION, TraceKind.VIDEO_DANMAKU, TraceKind.VIDEO_COMMENT);

    private final List<TimeInterval> presence;
    private final List<TimeInterval> hidden;
    private final List<TimeInterval> blurred;
    private final boolean hiddenCounts;
    private final boolean blurredCounts;
    private final int silenceCuts;

    private PresenceTimeline(List<TimeInterval> presence, List<TimeInterval> hidden, List<TimeInterval> blurred,
                             boolean hiddenCounts, boolean blurredCounts, int silenceCuts) {
        this.presence = TimeInterval.union(presence);
        this.hidden = hidden.isEmpty() ? List.of() : intersect(this.presence, hidden);
        this.blurred = blurred.isEmpty() ? List.of() : intersect(this.presence, blurred);
        this.hiddenCounts = hiddenCounts;
        this.blurredCounts = blurredCounts;
        this.silenceCuts = silenceCuts;
    }

    private static List<TimeInterval> intersect(List<TimeInterval> a, List<TimeInterval> b) {
        return TimeInterval.subtract(a, TimeInterval.subtract(a, b));
    }

    /**
     * The timeline of {@code trainee} from {@code events} (any order; other users' events are
     * ignored). Events are ordered by {@code recordedAt}, then by log index.
     */
    public static PresenceTimeline of(UserId trainee, Collection<TraceEvent> events, AttendancePolicy policy) {
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(policy, "policy");
        List<TraceEvent> sorted = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.userId().equals(trainee)) {
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparing(TraceEvent::recordedAt).thenComparingLong(TraceEvent::index));
        return new Builder(policy.heartbeatTimeout()).run(sorted)
                .build(policy.hiddenTimeCounts(), policy.blurredTimeCounts());
    }

    /** This timeline restricted to {@code [from, to)} (a lesson). */
    public PresenceTimeline within(Instant from, Instant to) {
        return new PresenceTimeline(TimeInterval.clip(presence, from, to), TimeInterval.clip(hidden, from, to),
                TimeInterval.clip(blurred, from, to), hiddenCounts, blurredCounts, silenceCuts);
    }

    /** Connected spans, sorted and merged. */
    public List<TimeInterval> presenceIntervals() {
        return presence;
    }

    /** Spans with the page hidden while connected. */
    public List<TimeInterval> hiddenIntervals() {
        return hidden;
    }

    /** Spans with the window unfocused (page visible) while connected. */
    public List<TimeInterval> blurredIntervals() {
        return blurred;
    }

    /** Connected minus hidden time (and minus blurred time when the policy does not count it). */
    public List<TimeInterval> attentiveIntervals() {
        List<TimeInterval> minus = new ArrayList<>(hidden);
        if (!blurredCounts) {
            minus.addAll(blurred);
        }
        return TimeInterval.subtract(presence, minus);
    }

    /**
     * The spans credited as learning time under the policy: {@link #attentiveIntervals()}, or
     * {@link #presenceIntervals()} minus uncounted blurred time when hidden time counts.
     */
    public List<TimeInterval> countedIntervals() {
        if (!hiddenCounts) {
            return attentiveIntervals();
        }
        return blurredCounts ? presence : TimeInterval.subtract(presence, TimeInterval.subtract(blurred, hidden));
    }

    public Duration presentTime() {
        return TimeInterval.total(presence);
    }

    public Duration hiddenTime() {
        return TimeInterval.total(hidden);
    }

    public Duration blurredTime() {
        return TimeInterval.total(blurred);
    }

    public Duration attentiveTime() {
        return TimeInterval.total(attentiveIntervals());
    }

    public Duration countedTime() {
        return TimeInterval.total(countedIntervals());
    }

    /** Whole minutes connected (rounded down). */
    public long presentMinutes() {
        return presentTime().toMinutes();
    }

    /** Whole minutes attentive (rounded down). */
    public long attentiveMinutes() {
        return attentiveTime().toMinutes();
    }

    /** Whole minutes credited as learning time (rounded down). */
    public long countedMinutes() {
        return countedTime().toMinutes();
    }

    /** Start of the first presence. */
    public Optional<Instant> firstArrival() {
        return presence.isEmpty() ? Optional.empty() : Optional.of(presence.get(0).start());
    }

    /** End of the last presence. */
    public Optional<Instant> lastDeparture() {
        return presence.isEmpty() ? Optional.empty() : Optional.of(presence.get(presence.size() - 1).end());
    }

    /** How many times a presence was cut because the connection went silent. */
    public int silenceCuts() {
        return silenceCuts;
    }

    @Override
    public String toString() {
        return "PresenceTimeline[presence=" + presence + ", hidden=" + hidden + ", blurred=" + blurred + "]";
    }

    /** The state machine that walks the events. */
    private static final class Builder {
        private final Duration timeout;
        private final List<TimeInterval> presence = new ArrayList<>();
        private final List<TimeInterval> hidden = new ArrayList<>();
        private final List<TimeInterval> blurred = new ArrayList<>();
        private final Set<String> connections = new HashSet<>();
        private Instant presentSince;
        private Instant lastSeen;
        private Instant hiddenSince;
        private Instant blurredSince;
        private int cuts;

        Builder(Duration timeout) {
            this.timeout = timeout;
        }

        Builder run(List<TraceEvent> events) {
            for (TraceEvent e : events) {
                Instant t = e.recordedAt();
                if (presentSince != null && Duration.between(lastSeen, t).compareTo(timeout) > 0) {
                    close(lastSeen);
                    cuts++;
                }
                if (e.kind() == TraceKind.LEFT || e.kind() == TraceKind.PRESENCE_SUSPENDED) {
                    if (presentSince != null) {
                        // Close when this was the last known connection; a left of an unknown
                        // connection ends an anonymous one (a join without participantId).
                        Object pid = e.data().get("participantId");
                        if (pid != null && !connections.remove(pid.toString())) {
                            connections.remove("?");
                        }
                        if (pid == null || connections.isEmpty()) {
                            close(t);
                        }
                    }
                    continue;
                }
                if (NOT_LIFE.contains(e.kind())) {
                    continue;
                }
                if (presentSince == null) {
                    presentSince = t;
                }
                lastSeen = t;
                switch (e.kind()) {
                    case JOINED, PRESENCE_RESUMED -> {
                        Object pid = e.data().get("participantId");
                        connections.add(pid == null ? "?" : pid.toString());
                    }
                    case VISIBILITY_HIDDEN -> hiddenSince = hiddenSince == null ? t : hiddenSince;
                    case VISIBILITY_VISIBLE -> hiddenSince = endSpan(hidden, hiddenSince, t, e.data().get("hiddenMs"));
                    case WINDOW_BLUR -> blurredSince = blurredSince == null ? t : blurredSince;
                    case WINDOW_FOCUS -> blurredSince = endSpan(blurred, blurredSince, t, e.data().get("blurredMs"));
                    case HEARTBEAT -> {
                        Object visible = e.data().get("visible");
                        if (Boolean.FALSE.equals(visible) && hiddenSince == null) {
                            hiddenSince = t;
                        } else if (Boolean.TRUE.equals(visible) && hiddenSince != null) {
                            hidden.add(new TimeInterval(hiddenSince, t));
                            hiddenSince = null;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (presentSince != null) {
                close(lastSeen);
            }
            return this;
        }

        /**
         * Ends a hidden or blurred span at {@code t}. The span starts at its recorded start, or
         * earlier if the client reports a longer duration (both ends delivered in one late batch,
         * or the start lost), never before the presence: a client duration only lowers credit.
         */
        private Instant endSpan(List<TimeInterval> into, Instant since, Instant t, Object clientMs) {
            Instant start = since;
            if (clientMs instanceof Long ms && ms > 0) {
                Instant claimed = t.minusMillis(ms);
                start = start == null || claimed.isBefore(start) ? claimed : start;
            }
            if (start != null) {
                into.add(new TimeInterval(start.isBefore(presentSince) ? presentSince : start, t));
            }
            return null;
        }

        private void close(Instant at) {
            Instant end = at.isBefore(presentSince) ? presentSince : at;
            presence.add(new TimeInterval(presentSince, end));
            if (hiddenSince != null) {
                hidden.add(new TimeInterval(hiddenSince.isAfter(end) ? end : hiddenSince, end));
            }
            if (blurredSince != null) {
                blurred.add(new TimeInterval(blurredSince.isAfter(end) ? end : blurredSince, end));
            }
            presentSince = null;
            lastSeen = null;
            hiddenSince = null;
            blurredSince = null;
            connections.clear();
        }

        PresenceTimeline build(boolean hiddenCounts, boolean blurredCounts) {
            return new PresenceTimeline(presence, hidden, blurred, hiddenCounts, blurredCounts, cuts);
        }
    }
}
