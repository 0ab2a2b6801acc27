package org.wlcy.classroom.playback.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.playback.watch.ProgressSnapshot.QuestionMark;

/**
 * One trainee's progress on one video under the {@link WatchRules}: which spans are credited,
 * how far they may seek, which in-video questions are open or answered. Credit is given for the
 * span between two heartbeats only when it is plausible: the page was playing and visible, the
 * reported rate is within the cap, the media advanced no faster than the wall clock at the cap
 * allows (plus {@link WatchRules#TOLERANCE_S}), the heartbeats were at most
 * {@link WatchRules#maxGapSeconds()} apart, and the span lies before every unanswered question.
 * Time comes from the caller. Not thread-safe: one caller at a time.
 */
public final class WatchProgress {
    private static final double EPS = 1e-6;
    /** A question is due once the playhead is this close to its time (the page pauses at it). */
    private static final double DUE_SLACK_S = 0.25;
    private final WatchRules rules;
    private final WatchedIntervals credited;
    private double furthest;
    private double frontier;
    private boolean completed;
    private Instant completedAt;
    private long lastSeq = -1;
    private double lastPos;
    private Instant lastAt;
    private boolean lastPlaying;
    private boolean lastVisible;
    private final Map<String, QuestionMark> marks = new HashMap<>();

    public WatchProgress(WatchRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.credited = new WatchedIntervals();
    }

    /** Progress as persisted earlier. */
    public static WatchProgress restore(WatchRules rules, ProgressSnapshot s) {
        WatchProgress p = new WatchProgress(rules);
        s.spans().forEach(sp -> p.credited.add(sp.start(), sp.end()));
        p.furthest = s.furthestS();
        p.frontier = s.frontierS();
        p.completed = s.completed();
        p.completedAt = s.completedAt();
        p.lastSeq = s.lastSeq();
        p.lastPos = s.lastPosition();
        p.lastAt = s.lastAt();
        p.lastPlaying = s.lastPlaying();
        p.lastVisible = s.lastVisible();
        p.marks.putAll(s.questions());
        return p;
    }

    public ProgressSnapshot snapshot() {
        return new ProgressSnapshot(credited.spans(), furthest, frontier, completed, completedAt, lastSeq, lastPos,
                lastAt, lastPlaying, lastVisible, Map.copyOf(marks));
    }

    /**
     * Applies one heartbeat at server time {@code now} to a video of {@code durationS} seconds
     * (0 if unknown) with these in-video questions.
     */
    public HeartbeatResult heartbeat(Heartbeat hb, Instant now, double durationS, List<VideoQuestion> questions) {
        double dur = durationS > 0 ? durationS : Double.MAX_VALUE;
        if (hb.seq() <= lastSeq) {
            return result(0, durationS, null, null, null, null, true, List.of());
        }
        List<WatchDecision> decisions = new ArrayList<>();
        double pos = Math.min(hb.position(), dur);
        double gate = gate(questions);
        double cap = rules.maxRate();
        double newCredit = 0;
        NoCreditReason reason = null;
        double spanStart = lastPos;
        double spanEnd = lastPos;
        if (lastAt != null) {
            double wall = Duration.between(lastAt, now).toNanos() / 1e9;
            spanEnd = hb.event() == HeartbeatEvent.SEEK
                    ? (hb.from() == null ? lastPos : Math.min(hb.from(), dur))
                    : pos;
            double advance = spanEnd - spanStart;
            boolean plausible = advance >= -WatchRules.TOLERANCE_S && advance <= wall * cap + WatchRules.TOLERANCE_S;
            if (lastPlaying && advance > EPS) {
                if (wall > rules.maxGapSeconds()) {
                    reason = NoCreditReason.GAP;
                } else if (!hb.visible() || !lastVisible) {
                    reason = NoCreditReason.HIDDEN;
                } else if (hb.rate() > cap + EPS) {
                    reason = NoCreditReason.RATE_OVER_CAP;
                } else if (!plausible) {
                    reason = NoCreditReason.TOO_FAST;
                } else {
                    double end = Math.min(spanEnd, gate);
                    if (end > spanStart) {
                        newCredit = credited.add(spanStart, end);
                    }
                    if (spanEnd > gate + 0.05) {
                        reason = NoCreditReason.QUESTION_DUE;
                    }
                }
                if (plausible && spanStart <= frontier + WatchRules.TOLERANCE_S) {
                    double reach = Math.min(spanEnd, gate);
                    furthest = Math.max(furthest, reach);
                    frontier = Math.max(frontier, reach);
                }
            }
            if (newCredit > EPS) {
                decisions.add(new WatchDecision("credited", Map.of("fromMs", WatchDecision.ms(spanStart),
                        "toMs", WatchDecision.ms(Math.min(spanEnd, gate)),
                        "creditedMs", WatchDecision.ms(newCredit), "rate", rateText(hb.rate()))));
            }
            if (reason != null) {
                decisions.add(new WatchDecision("no-credit", Map.of("reason", reason.wire(),
                        "fromMs", WatchDecision.ms(spanStart), "toMs", WatchDecision.ms(spanEnd),
                        "rate", rateText(hb.rate()), "visible", hb.visible(),
                        "gapMs", Math.round(wall * 1000))));
            }
        }
        String refused = null;
        double target = pos;
        if (!rules.allowSeekAhead() && target > frontier + WatchRules.TOLERANCE_S) {
            refused = "seek-ahead";
            decisions.add(new WatchDecision("seek-refused", Map.of("fromMs", WatchDecision.ms(spanEnd),
                    "toMs", WatchDecision.ms(target), "allowedMs", WatchDecision.ms(frontier),
                    "event", hb.event().wire())));
            target = frontier;
        }
        lastSeq = hb.seq();
        lastPos = target;
        lastAt = now;
        lastPlaying = hb.playing() && hb.event() != HeartbeatEvent.PAUSE && hb.event() != HeartbeatEvent.ENDED;
        lastVisible = hb.visible();

        VideoQuestion due = dueAt(target, questions);
        Instant deadline = null;
        if (due != null) {
            QuestionMark mark = marks.get(due.id());
            if (mark == null) {
                mark = new QuestionMark(QuestionStatus.OPEN, now.plusSeconds(due.limitSeconds()));
                marks.put(due.id(), mark);
                decisions.add(new WatchDecision("question-opened", Map.of("questionId", due.id(),
                        "atMs", WatchDecision.ms(due.atS()), "limitSeconds", due.limitSeconds(),
                        "deadline", mark.deadline().toString())));
            }
            deadline = mark.deadline();
        }
        double coverage = coverage(durationS);
        if (!completed && durationS > 0 && coverage * 100 >= rules.completionPercent() - EPS) {
            completed = true;
            completedAt = now;
            decisions.add(new WatchDecision("completed", Map.of("coveragePermille", Math.round(coverage * 1000),
                    "completionPercent", rules.completionPercent())));
        }
        return result(newCredit, durationS, refused, reason, due, deadline, false, decisions);
    }

    /**
     * An answer to {@code q} at server time {@code now}: right in time continues; wrong, or after the
     * deadline (late: the caller refuses it with 217 and records it), rewinds to the segment start
     * when {@link WatchRules#rewindOnWrongAnswer()} (the question opens again when reached).
     *
     * @throws ClassroomException 246 if the question is not open for this trainee, 219 if answered
     */
    public AnswerResult answer(VideoQuestion q, List<Integer> choices, Instant now, List<VideoQuestion> questions) {
        QuestionMark mark = marks.get(q.id());
        if (mark == null) {
            throw new ClassroomException(ErrorCode.VIDEO_QUESTION_NOT_DUE,
                    "question " + q.id() + " is not open for you: play the video up to it first");
        }
        if (mark.status() != QuestionStatus.OPEN) {
            throw new ClassroomException(ErrorCode.ALREADY_ANSWERED, "you have answered question " + q.id());
        }
        boolean late = now.isAfter(mark.deadline());
        boolean right = !late && q.isRight(choices);
        Double rewindTo = null;
        if (right) {
            marks.put(q.id(), new QuestionMark(QuestionStatus.RIGHT, mark.deadline()));
        } else if (rules.rewindOnWrongAnswer()) {
            double segmentStart = questions.stream().filter(o -> o.atS() < q.atS() - EPS)
                    .mapToDouble(VideoQuestion::atS).max().orElse(0);
            marks.remove(q.id());
            frontier = Math.min(frontier, segmentStart);
            lastPos = segmentStart;
            lastPlaying = false;
            rewindTo = segmentStart;
        } else {
            marks.put(q.id(), new QuestionMark(late ? QuestionStatus.LATE : QuestionStatus.WRONG, mark.deadline()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("questionId", q.id());
        data.put("atMs", WatchDecision.ms(q.atS()));
        data.put("choices", choices == null ? "" : choices.stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
        data.put("deadline", mark.deadline().toString());
        data.put("lateMs", late ? Duration.between(mark.deadline(), now).toMillis() : 0L);
        if (rewindTo != null) {
            data.put("rewindToMs", WatchDecision.ms(rewindTo));
        }
        String what = late ? "question-late" : right ? "question-right" : "question-wrong";
        return new AnswerResult(late, right, rewindTo, allowedMaxPosition(), List.of(new WatchDecision(what, data)));
    }

    /** Credited share of a video of {@code durationS} seconds, 0..1 (0 if the length is unknown). */
    public double coverage(double durationS) {
        return durationS > 0 ? Math.min(1, credited.coveredWithin(durationS) / durationS) : 0;
    }

    public double creditedSeconds() {
        return credited.total();
    }

    public List<WatchedIntervals.Span> spans() {
        return credited.spans();
    }

    public double furthestS() {
        return furthest;
    }

    public boolean completed() {
        return completed;
    }

    public Instant completedAt() {
        return completedAt;
    }

    /** How far the trainee may seek, or {@code null} when seeking ahead is allowed. */
    public Double allowedMaxPosition() {
        return rules.allowSeekAhead() ? null : frontier;
    }

    /** This trainee's status of each question reached so far. */
    public Map<String, QuestionMark> questionMarks() {
        return Map.copyOf(marks);
    }

    /** The earliest question not yet resolved (credit stops there). */
    private double gate(List<VideoQuestion> questions) {
        double gate = Double.MAX_VALUE;
        for (VideoQuestion q : questions) {
            if (!resolved(q) && q.atS() < gate) {
                gate = q.atS();
            }
        }
        return gate;
    }

    private VideoQuestion dueAt(double position, List<VideoQuestion> questions) {
        return questions.stream().filter(q -> !resolved(q) && q.atS() <= position + DUE_SLACK_S)
                .min(Comparator.comparingDouble(VideoQuestion::atS)).orElse(null);
    }

    private boolean resolved(VideoQuestion q) {
        QuestionMark m = marks.get(q.id());
        return m != null && m.status() != QuestionStatus.OPEN;
    }

    private HeartbeatResult result(double newCredit, double durationS, String refused, NoCreditReason reason,
                                   VideoQuestion due, Instant deadline, boolean ignored, List<WatchDecision> d) {
        return new HeartbeatResult(newCredit, coverage(durationS), furthest, completed, allowedMaxPosition(), refused,
                reason, due, deadline, ignored, d);
    }

    private static String rateText(double rate) {
        return String.format(java.util.Locale.ROOT, "%.2f", rate);
    }
}
