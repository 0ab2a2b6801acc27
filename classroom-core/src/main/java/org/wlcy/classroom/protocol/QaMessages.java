package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.qa.Question;
import org.wlcy.classroom.qa.QuestionState;

/** Online Q&A (在线答疑): ask, vote, mark, list; every change is pushed to the class. */
public final class QaMessages {
    /** Longest question. */
    public static final int MAX_TEXT = 500;
    /** Longest written answer. */
    public static final int MAX_ANSWER = 2000;

    private QaMessages() {
    }

    /**
     * A question as the protocol shows it. {@code youVoted} is only in {@code qa.list.ok} and in
     * replies to the caller (events carry nothing per person); {@code answer} and
     * {@code answeredBy} are absent until a lecturer marks it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionView(String questionId, String sessionId, UserId userId, String displayName, String text,
                               int votes, Boolean youVoted, QuestionState state, String answer, UserId answeredBy,
                               Instant askedAt) {
        /** For everyone (events): no per-person fields. */
        public static QuestionView of(Question q) {
            return new QuestionView(q.id(), q.sessionId(), q.askedBy(), q.displayName(), q.text(), q.votes(), null,
                    q.state(), q.answer(), q.answeredBy(), q.askedAt());
        }

        /** For one viewer: with whether they voted for it. */
        public static QuestionView of(Question q, UserId viewer) {
            return new QuestionView(q.id(), q.sessionId(), q.askedBy(), q.displayName(), q.text(), q.votes(),
                    q.hasVoted(viewer), q.state(), q.answer(), q.answeredBy(), q.askedAt());
        }
    }

    /** {@code qa.ask} (trainees and lecturers, during a lesson): 1-500 characters. */
    public record AskQuestionRequest(String requestId, String text) implements ClientMessage {
        public AskQuestionRequest {
            Fields.requestId(requestId);
            Fields.text(text, "text", MAX_TEXT);
        }
    }

    /** {@code qa.ask.ok}: once the question is durable. */
    public record AskQuestionResponse(String requestId, QuestionView question) implements ServerMessage {
    }

    /**
     * {@code qa.vote}: {@code up: true} votes for the question, {@code false} takes the vote back.
     * One vote per person; not for one's own question.
     */
    public record VoteQuestionRequest(String requestId, String questionId, Boolean up) implements ClientMessage {
        public VoteQuestionRequest {
            Fields.requestId(requestId);
            Fields.text(questionId, "questionId", 64);
            Fields.required(up, "up");
        }
    }

    /** {@code qa.vote.ok}: the question with the caller's vote. */
    public record VoteQuestionResponse(String requestId, QuestionView question) implements ServerMessage {
    }

    /** {@code qa.mark} (lecturers): {@code state} is answering or answered; {@code answer} optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MarkQuestionRequest(String requestId, String questionId, QuestionState state, String answer)
            implements ClientMessage {
        public MarkQuestionRequest {
            Fields.requestId(requestId);
            Fields.text(questionId, "questionId", 64);
            Fields.required(state, "state");
            if (state == QuestionState.OPEN) {
                throw new IllegalArgumentException("state must be answering or answered");
            }
            Fields.optionalText(answer, "answer", MAX_ANSWER);
        }
    }

    /** {@code qa.mark.ok}. */
    public record MarkQuestionResponse(String requestId, QuestionView question) implements ServerMessage {
    }

    /** {@code qa.list}: one lesson's queue; without {@code sessionId} the live (or latest) lesson's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListQuestionsRequest(String requestId, String sessionId) implements ClientMessage {
        public ListQuestionsRequest {
            Fields.requestId(requestId);
            if (sessionId != null) {
                Fields.text(sessionId, "sessionId", 64);
            }
        }
    }

    /** {@code qa.list.ok}: in queue order; {@code sessionId} null when the class has had no question yet. */
    public record ListQuestionsResponse(String requestId, String sessionId, List<QuestionView> questions)
            implements ServerMessage {
    }

    /** {@code qa.question}: to everyone in the class whenever a question is asked, voted on or marked. */
    public record QuestionChangedEvent(QuestionView question) implements ServerMessage {
    }
}
