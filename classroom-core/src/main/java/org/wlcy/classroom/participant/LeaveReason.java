package org.wlcy.classroom.participant;

/** Why a presence ended; sent in {@code participant.left} (OpenVidu's EndReason). */
public enum LeaveReason {
    /** The person left or closed the page. */
    CLIENT_REQUEST,
    /** The same user joined again from another page; the earlier presence was replaced. */
    DUPLICATE_IDENTITY,
    /** The connection was lost or went silent. */
    SIGNAL_TIMEOUT,
    /** A lecturer or admin removed the person. */
    KICKED,
    /** The person's media failed beyond recovery. */
    MEDIA_FAILURE,
    /** The lesson ended. */
    SESSION_ENDED,
    /** The server is shutting down. */
    SERVER_SHUTDOWN,
    /**
     * (Streams only) the stream is no longer in a room of yours, or its publisher left that room: a
     * breakout started, someone was moved, a visit ended, or the groups were recalled. A page whose
     * own stream ended so publishes again (into its new room) at once.
     */
    ROOM_CHANGED,
    /** (Streams only) a trainee's speaking turn ended, and with it the right to publish a camera. */
    TURN_ENDED
}
