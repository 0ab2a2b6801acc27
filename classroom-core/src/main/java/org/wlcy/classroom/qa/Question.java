package org.wlcy.classroom.qa;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;

/** One question of the class's Q&A (在线答疑). Changed only through its {@link QuestionBoard}, on the lane. */
public final class Question {
    private final String id;
    private final String sessionId;
    private final UserId askedBy;
    private final String displayName;
    private final String text;
    private final Instant askedAt;
    private final long seq;
    private final Set<UserId> voters = new LinkedHashSet<>();
    private QuestionState state = QuestionState.OPEN;
    private String answer;
    private UserId answeredBy;

    Question(String id, String sessionId, UserId askedBy, String displayName, String text, Instant askedAt, long seq) {
        this.id = Objects.requireNonNull(id, "id");
        this.sessionId = sessionId;
        this.askedBy = Objects.requireNonNull(askedBy, "askedBy");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.text = Objects.requireNonNull(text, "text");
        this.askedAt = Objects.requireNonNull(askedAt, "askedAt");
        this.seq = seq;
    }

    public String id() {
        return id;
    }

    /** The lesson it was asked in. */
    public String sessionId() {
        return sessionId;
    }

    public UserId askedBy() {
        return askedBy;
    }

    public String displayName() {
        return displayName;
    }

    public String text() {
        return text;
    }

    public Instant askedAt() {
        return askedAt;
    }

    /** Order of asking within the class (ties of {@code askedAt}). */
    long seq() {
        return seq;
    }

    public int votes() {
        return voters.size();
    }

    public boolean hasVoted(UserId user) {
        return voters.contains(user);
    }

    public QuestionState state() {
        return state;
    }

    /** A lecturer's written answer, or null. */
    public String answer() {
        return answer;
    }

    /** The lecturer who last marked it, or null. */
    public UserId answeredBy() {
        return answeredBy;
    }

    boolean setVote(UserId user, boolean up) {
        return up ? voters.add(user) : voters.remove(user);
    }

    void mark(QuestionState newState, String newAnswer, UserId by) {
        state = newState;
        if (newAnswer != null) {
            answer = newAnswer;
        }
        answeredBy = by;
    }
}
