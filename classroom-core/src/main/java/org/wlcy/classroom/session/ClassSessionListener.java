package org.wlcy.classroom.session;

import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;

/**
 * What happens in a class, for subscribers such as attendance, learning traces and metrics (they
 * subscribe; the domain does not call them by name). Called on the class's lane: do not block;
 * hand blocking work to another executor. All methods default to no-ops.
 */
public interface ClassSessionListener {

    default void onParticipantJoined(ClassroomId classroom, Participant participant) {
    }

    default void onParticipantLeft(ClassroomId classroom, Participant participant, LeaveReason reason) {
    }

    /**
     * The presence's connection dropped; the presence waits for its page to resume (see
     * {@link ResumePolicy}). Either {@link #onParticipantResumed} or {@link #onParticipantLeft} follows.
     */
    default void onParticipantSuspended(ClassroomId classroom, Participant participant) {
    }

    /** The page of a presence came back on a new connection; it had been away since {@code since}. */
    default void onParticipantResumed(ClassroomId classroom, Participant participant, java.time.Instant since) {
    }

    /**
     * A lecturer asks to start a lesson in {@code classroom}; nothing has changed yet. A listener
     * that must refuse it (a class not approved to open, issue H) throws a
     * {@link org.wlcy.classroom.error.ClassroomException}, which the lecturer gets as the error.
     */
    default void checkSessionStart(ClassroomId classroom) {
    }

    /**
     * issue H roster: {@code userId} with {@code role} asks to join {@code classroom} (its token lists the
     * class); nothing has changed yet. A listener that must refuse it (not on the class's roster,
     * issue H) throws a {@link org.wlcy.classroom.error.ClassroomException}, the joiner's error.
     */
    default void checkJoin(ClassroomId classroom, String userId, org.wlcy.classroom.participant.Role role) {
    }

    default void onSessionStarted(ClassSession session) {
    }

    default void onSessionEnded(ClassSession session) {
    }

    default void onStreamPublished(ClassroomId classroom, StreamView stream) {
    }

    /**
     * Trainees moved between a breakout's groups ({@code null}: back to the main room), after their
     * media moved: the practice live room's audience follows them (issue I).
     */
    default void onPlaced(ClassroomId classroom, java.util.Map<UserId, GroupId> moves) {
    }

    /** The breakout's groups closed (everyone is back in the main room); their rooms are gone. */
    default void onGroupsClosed(ClassroomId classroom, java.util.List<GroupId> groups) {
    }

    default void onStreamUnpublished(ClassroomId classroom, StreamView stream, LeaveReason reason) {
    }

    /** All of {@code listeners}, called in order. */
    static ClassSessionListener all(java.util.List<ClassSessionListener> listeners) {
        java.util.List<ClassSessionListener> copy = java.util.List.copyOf(listeners);
        return new ClassSessionListener() {
            @Override
            public void onParticipantJoined(ClassroomId classroom, Participant participant) {
                copy.forEach(l -> l.onParticipantJoined(classroom, participant));
            }

            @Override
            public void onParticipantLeft(ClassroomId classroom, Participant participant, LeaveReason reason) {
                copy.forEach(l -> l.onParticipantLeft(classroom, participant, reason));
            }

            @Override
            public void onParticipantSuspended(ClassroomId classroom, Participant participant) {
                copy.forEach(l -> l.onParticipantSuspended(classroom, participant));
            }

            @Override
            public void onParticipantResumed(ClassroomId classroom, Participant participant, java.time.Instant since) {
                copy.forEach(l -> l.onParticipantResumed(classroom, participant, since));
            }

            @Override
            public void checkSessionStart(ClassroomId classroom) {
                copy.forEach(l -> l.checkSessionStart(classroom));
            }

            @Override
            public void checkJoin(ClassroomId classroom, String userId, org.wlcy.classroom.participant.Role role) {
                copy.forEach(l -> l.checkJoin(classroom, userId, role));
            }

            @Override
            public void onSessionStarted(ClassSession session) {
                copy.forEach(l -> l.onSessionStarted(session));
            }

            @Override
            public void onSessionEnded(ClassSession session) {
                copy.forEach(l -> l.onSessionEnded(session));
            }

            @Override
            public void onStreamPublished(ClassroomId classroom, StreamView stream) {
                copy.forEach(l -> l.onStreamPublished(classroom, stream));
            }

            @Override
            public void onStreamUnpublished(ClassroomId classroom, StreamView stream, LeaveReason reason) {
                copy.forEach(l -> l.onStreamUnpublished(classroom, stream, reason));
            }

            @Override
            public void onPlaced(ClassroomId classroom, java.util.Map<UserId, GroupId> moves) {
                copy.forEach(l -> l.onPlaced(classroom, moves));
            }

            @Override
            public void onGroupsClosed(ClassroomId classroom, java.util.List<GroupId> groups) {
                copy.forEach(l -> l.onGroupsClosed(classroom, groups));
            }
        };
    }

    /** A listener that does nothing. */
    ClassSessionListener NONE = new ClassSessionListener() {
    };
}
