package org.wlcy.classroom.proctoring.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ProctorMessages.TraineeProctorView;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * What the proctoring wall knows of one trainee in the current lesson. Focus state comes from the
 * page's trace events and is applied once per event id; time is the server's.
 */
final class TraineeWatch {
    private static final int REMEMBERED_IDS = 4096;
    final UserId userId;
    String displayName;
    boolean present;
    /** The page's connection dropped and the presence waits for it to resume (ADR 0014). */
    boolean reconnecting;
    boolean hidden;
    boolean blurred;
    Instant awaySince;
    Duration awayTotal = Duration.ZERO;
    int tabSwitches;
    String consent = "unknown";
    boolean signedIn;
    String signInMethod;
    String faceCheck;
    Instant faceCheckAt;
    Boolean muted;
    Integer audioLevel;
    private final Map<String, Boolean> applied = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    TraineeWatch(UserId userId, String displayName) {
        this.userId = userId;
        this.displayName = displayName;
    }

    boolean away() {
        return hidden || blurred;
    }

    /**
     * Applies one page event (once per event id). Returns true when the trainee switched away from
     * the lesson with it (a new tab switch).
     */
    boolean apply(TraceEvent e) {
        if (applied.put(e.eventId(), Boolean.TRUE) != null) {
            return false;
        }
        boolean wasAway = away();
        switch (e.kind()) {
            case VISIBILITY_HIDDEN -> hidden = true;
            case VISIBILITY_VISIBLE -> hidden = false;
            case WINDOW_BLUR -> blurred = true;
            case WINDOW_FOCUS -> blurred = false;
            case FULLSCREEN_EXIT -> {
                // counted as a switch only while otherwise focused: leaving full screen to another window
                // also blurs it, and that is one switch, not two
                if (!wasAway) {
                    tabSwitches++;
                    return true;
                }
                return false;
            }
            case AUDIO_STATE -> {
                Object m = e.data().get("muted");
                Object l = e.data().get("level");
                muted = m instanceof Boolean b ? b : muted;
                audioLevel = l instanceof Long n ? (int) Math.max(0, Math.min(100, n)) : audioLevel;
            }
            default -> {
                return false;
            }
        }
        boolean nowAway = away();
        if (!wasAway && nowAway) {
            awaySince = e.recordedAt();
            tabSwitches++;
            return true;
        }
        if (wasAway && !nowAway && awaySince != null) {
            awayTotal = awayTotal.plus(Duration.between(awaySince, e.recordedAt()));
            awaySince = null;
        }
        return false;
    }

    TraineeProctorView view(Instant now) {
        Duration away = awaySince == null ? awayTotal : awayTotal.plus(Duration.between(awaySince, now));
        return new TraineeProctorView(userId, displayName, present, away(), tabSwitches, away.toSeconds(), consent,
                signedIn, signInMethod, faceCheck, faceCheckAt, muted, audioLevel, reconnecting);
    }

    /** A new presence (page) begins: it is in front until it says otherwise. */
    void rejoined(Instant now) {
        if (awaySince != null) {
            awayTotal = awayTotal.plus(Duration.between(awaySince, now));
            awaySince = null;
        }
        hidden = false;
        blurred = false;
    }

    /** A new lesson starts: counts start again; consent and presence stay. */
    void newLesson() {
        tabSwitches = 0;
        awayTotal = Duration.ZERO;
        awaySince = away() ? awaySince : null;
        signedIn = false;
        signInMethod = null;
    }
}
