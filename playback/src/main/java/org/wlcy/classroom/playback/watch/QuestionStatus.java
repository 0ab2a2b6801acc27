package org.wlcy.classroom.playback.watch;

/** Where one trainee stands with one in-video question (absent: not reached yet, or re-armed by a rewind). */
public enum QuestionStatus {
    /** Shown with a deadline; playback waits. */
    OPEN,
    /** Answered right in time. */
    RIGHT,
    /** Answered wrong in time, playback continues ({@code rewindOnWrongAnswer=false}). */
    WRONG,
    /** Answered after the deadline, playback continues ({@code rewindOnWrongAnswer=false}). */
    LATE
}
