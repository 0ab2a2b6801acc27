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
    SERVER_SHUTDOWN
}
