package org.wlcy.classroom.qa;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * The Q&A queue of one class, kept per lesson: questions stay listed after their lesson ends.
 * The queue is ordered by votes (most first), then by when they were asked (earliest first).
 * One vote per person and question; nobody votes for their own question. On the class's lane.
 */
public final class QuestionBoard {
    /** Votes descending, then asked earliest first, then in the order asked. */
    public static final Comparator<Question> QUEUE_ORDER = Comparator.comparingInt(Question::votes).reversed()
            .thenComparing(Question::askedAt).thenComparingLong(Question::seq);
    private final Map<String, Question> byId = new LinkedHashMap<>();
    private long seq;
    private String lastSessionId;

    /** Adds a question asked at {@code at} in lesson {@code sessionId}; {@code text} is trimmed. */
    public Question ask(String questionId, String sessionId, UserId by, String displayName, String text, Instant at) {
        if (byId.containsKey(questionId)) {
            throw new IllegalStateException("question " + questionId + " exists already");
        }
        Question q = new Question(questionId, sessionId, by, displayName, text.strip(), at, ++seq);
        byId.put(questionId, q);
        lastSessionId = sessionId;
        return q;
    }

    /** The question, or {@link ErrorCode#QUESTION_NOT_FOUND}. */
    public Question find(String questionId) {
        Question q = byId.get(questionId);
        if (q == null) {
            throw new ClassroomException(ErrorCode.QUESTION_NOT_FOUND, "no question " + questionId + " in this class");
        }
        return q;
    }

    /**
     * Checks that {@code voter} may vote on the question ({@link ErrorCode#QUESTION_NOT_FOUND},
     * {@link ErrorCode#ROLE_FORBIDDEN} for one's own) and returns it.
     */
    public Question votable(String questionId, UserId voter) {
        Question q = find(questionId);
        if (q.askedBy().equals(voter)) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "you cannot vote for your own question");
        }
        return q;
    }

    /** Gives ({@code up}) or withdraws a vote; true if that changed anything. */
    public boolean vote(String questionId, UserId voter, boolean up) {
        return votable(questionId, voter).setVote(voter, up);
    }

    /** A lecturer takes a question up or answers it; {@code answer} (optional) replaces the written answer. */
    public Question mark(String questionId, QuestionState state, String answer, UserId by) {
        Objects.requireNonNull(state, "state");
        if (state == QuestionState.OPEN) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "state must be answering or answered");
        }
        Question q = find(questionId);
        q.mark(state, answer == null ? null : answer.strip(), Objects.requireNonNull(by, "by"));
        return q;
    }

    /** The queue of one lesson, in {@link #QUEUE_ORDER}. */
    public List<Question> queue(String sessionId) {
        return byId.values().stream().filter(q -> Objects.equals(q.sessionId(), sessionId))
                .sorted(QUEUE_ORDER).toList();
    }

    /** The lesson of the latest question, or null if none was asked. */
    public String lastSessionId() {
        return lastSessionId;
    }
}
