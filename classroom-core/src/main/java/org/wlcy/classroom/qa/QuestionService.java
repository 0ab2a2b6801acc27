package org.wlcy.classroom.qa;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.QaMessages.AskQuestionRequest;
import org.wlcy.classroom.protocol.QaMessages.AskQuestionResponse;
import org.wlcy.classroom.protocol.QaMessages.ListQuestionsRequest;
import org.wlcy.classroom.protocol.QaMessages.ListQuestionsResponse;
import org.wlcy.classroom.protocol.QaMessages.MarkQuestionRequest;
import org.wlcy.classroom.protocol.QaMessages.MarkQuestionResponse;
import org.wlcy.classroom.protocol.QaMessages.QuestionChangedEvent;
import org.wlcy.classroom.protocol.QaMessages.QuestionView;
import org.wlcy.classroom.protocol.QaMessages.VoteQuestionRequest;
import org.wlcy.classroom.protocol.QaMessages.VoteQuestionResponse;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Online Q&A (在线答疑): trainees (and lecturers) ask during a lesson, vote questions up, lecturers
 * mark them answering or answered. Questions and votes go to the learning trace and are
 * acknowledged once durable; every change is pushed to everyone in the class. Handlers run on
 * the class's lane.
 */
public final class QuestionService {
    private final TraceLog trace;
    private final InstantSource clock;
    private final IdGenerator ids;

    public QuestionService(TraceLog trace, InstantSource clock, IdGenerator ids) {
        this.trace = trace;
        this.clock = clock;
        this.ids = ids;
    }

    public void register(MessageRouter router) {
        router.on(AskQuestionRequest.class, this::ask);
        router.on(VoteQuestionRequest.class, this::vote);
        router.on(MarkQuestionRequest.class, this::mark);
        router.on(ListQuestionsRequest.class, this::list);
    }

    /** The Q&A board of a class (on its lane). */
    public static QuestionBoard of(LiveClassroom classroom) {
        return classroom.feature(QuestionBoard.class, QuestionBoard::new);
    }

    private void ask(LiveClassroom c, ClientConnection conn, AskQuestionRequest req) {
        Participant who = writer(c, conn, "ask questions");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "questions are asked during a lesson");
        }
        String questionId = "q-" + ids.next("");
        String text = req.text().strip();
        Instant now = clock.instant();
        String sessionId = lesson.id().value();
        append(c, conn, req.requestId(), event(c, sessionId, who.userId(), TraceKind.QUESTION, now,
                Map.of("questionId", questionId, "text", text)), () -> {
                    Question q = of(c).ask(questionId, sessionId, who.userId(), who.displayName(), text, now);
                    conn.channel().send(new AskQuestionResponse(req.requestId(), QuestionView.of(q, who.userId())));
                    changed(c, q);
                });
    }

    private void vote(LiveClassroom c, ClientConnection conn, VoteQuestionRequest req) {
        Participant who = writer(c, conn, "vote");
        QuestionBoard board = of(c);
        Question q = board.votable(req.questionId(), who.userId());
        if (q.hasVoted(who.userId()) == req.up()) {
            conn.channel().send(new VoteQuestionResponse(req.requestId(), QuestionView.of(q, who.userId())));
            return; // nothing changes: nothing to record or tell
        }
        append(c, conn, req.requestId(), event(c, q.sessionId(), who.userId(), TraceKind.QA_VOTE, clock.instant(),
                Map.of("questionId", q.id(), "up", req.up())), () -> {
                    boolean changed = board.vote(q.id(), who.userId(), req.up());
                    conn.channel().send(new VoteQuestionResponse(req.requestId(), QuestionView.of(q, who.userId())));
                    if (changed) {
                        changed(c, q);
                    }
                });
    }

    private void mark(LiveClassroom c, ClientConnection conn, MarkQuestionRequest req) {
        Participant who = c.lecturerOf(conn, "mark questions");
        Question q = of(c).mark(req.questionId(), req.state(), req.answer(), who.userId());
        conn.channel().send(new MarkQuestionResponse(req.requestId(), QuestionView.of(q, who.userId())));
        changed(c, q);
    }

    private void list(LiveClassroom c, ClientConnection conn, ListQuestionsRequest req) {
        Participant who = c.participantOf(conn);
        QuestionBoard board = of(c);
        String sessionId = req.sessionId();
        if (sessionId == null) {
            ClassSession lesson = c.liveSession();
            sessionId = lesson != null ? lesson.id().value() : board.lastSessionId();
        }
        List<QuestionView> questions = board.queue(sessionId).stream()
                .map(q -> QuestionView.of(q, who.userId())).toList();
        conn.channel().send(new ListQuestionsResponse(req.requestId(), sessionId, questions));
    }

    // ------------------------------------------------------------------ internals

    /** Lecturers and trainees write; regulators read, admins operate. */
    private static Participant writer(LiveClassroom c, ClientConnection conn, String what) {
        Participant who = c.participantOf(conn);
        if (!who.role().takesSeat()) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees and lecturers " + what);
        }
        return who;
    }

    private static void changed(LiveClassroom c, Question q) {
        c.sendTo(p -> true, new QuestionChangedEvent(QuestionView.of(q)));
    }

    /** Appends one event; once durable, runs {@code then} on the lane, else answers 500. */
    private void append(LiveClassroom c, ClientConnection conn, String requestId, TraceEvent e, Runnable then) {
        trace.append(List.of(e)).whenCompleteAsync((stored, error) -> {
            if (error != null) {
                conn.channel().send(ErrorResponse.of(requestId, ErrorCode.INTERNAL,
                        "could not be recorded durably; try again"));
                // to the lane's error handler, which logs it
                c.lane().execute(() -> {
                    throw new IllegalStateException("could not record " + e.kind().wire() + " in " + c.id(), error);
                });
                return;
            }
            then.run();
        }, c.lane());
    }

    private TraceEvent event(LiveClassroom c, String sessionId, UserId user, TraceKind kind, Instant at,
                             Map<String, Object> data) {
        return new TraceEvent(-1, c.id(), sessionId, user, kind, at, "srv/" + ids.next("qa-"), null, data);
    }
}
