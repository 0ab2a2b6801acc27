package org.wlcy.classroom.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ClientMessage;
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
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.protocol.SessionMessages.EndSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionRequest;
import org.wlcy.classroom.protocol.SessionMessages.StartSessionResponse;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceKind;

/** Q&A through the real router and (synchronous) lanes, with an in-memory trace. */
class QuestionServiceTest {
    private static final ClassroomId CLASS = new ClassroomId("c1");
    private final Identities people = Identities.of(CLASS);
    private final MutableClock clock = new MutableClock();
    private final MemoryTraceLog trace = new MemoryTraceLog();
    private final List<Throwable> laneErrors = new CopyOnWriteArrayList<>();
    private MessageRouter router;
    private TestClient lecturer;
    private TestClient t1;
    private TestClient t2;
    private TestClient regulator;
    private String lesson;

    @BeforeEach
    void setUp() {
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.NONE, (t, e) -> laneErrors.add(e));
        router = new MessageRouter(classrooms, clock);
        new QuestionService(trace, clock, IdGenerator.sequential()).register(router);
        lecturer = join(people.lecturer("l01"));
        t1 = join(people.person("t01", Role.TRAINEE, "王芳"));
        t2 = join(people.trainee("t02"));
        regulator = join(people.regulator("r01"));
        lesson = startLesson();
    }

    @AfterEach
    void noLaneErrors() {
        assertThat(laneErrors).isEmpty();
    }

    private TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        send(c, new JoinClassRequest(c.nextRequestId(), CLASS), JoinClassResponse.class);
        return c;
    }

    private String startLesson() {
        return send(lecturer, new StartSessionRequest(lecturer.nextRequestId()), StartSessionResponse.class)
                .session().sessionId();
    }

    private <T extends ServerMessage> T send(TestClient c, ClientMessage m, Class<T> type) {
        router.route(c.connection(), m);
        return c.channel().replyTo(m.requestId(), type);
    }

    private ErrorCode refused(TestClient c, ClientMessage m) {
        router.route(c.connection(), m);
        return c.channel().errorCodeFor(m.requestId());
    }

    private QuestionView ask(TestClient who, String text) {
        return send(who, new AskQuestionRequest(who.nextRequestId(), text), AskQuestionResponse.class).question();
    }

    private QuestionView vote(TestClient who, String questionId, boolean up) {
        return send(who, new VoteQuestionRequest(who.nextRequestId(), questionId, up), VoteQuestionResponse.class)
                .question();
    }

    private List<QuestionView> list(TestClient who, String sessionId) {
        return send(who, new ListQuestionsRequest(who.nextRequestId(), sessionId), ListQuestionsResponse.class)
                .questions();
    }

    @Test
    void aQuestionGoesToEveryoneAndToTheTrace() {
        QuestionView q = ask(t1, "  创业贷款怎么申请？ ");

        assertThat(q.text()).isEqualTo("创业贷款怎么申请？");
        assertThat(q.displayName()).isEqualTo("王芳");
        assertThat(q.state()).isEqualTo(QuestionState.OPEN);
        assertThat(q.sessionId()).isEqualTo(lesson);
        assertThat(q.askedAt()).isEqualTo(clock.instant());
        assertThat(q.youVoted()).isFalse();
        for (TestClient c : List.of(lecturer, t1, t2, regulator)) {
            QuestionView seen = c.channel().last(QuestionChangedEvent.class).question();
            assertThat(seen.questionId()).isEqualTo(q.questionId());
            assertThat(seen.youVoted()).as("events carry nothing per person").isNull();
        }
        assertThat(trace.of(TraceKind.QUESTION)).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(new UserId("t01"));
            assertThat(e.sessionId()).isEqualTo(lesson);
            assertThat(e.data()).containsEntry("questionId", q.questionId()).containsEntry("text", "创业贷款怎么申请？");
        });
    }

    @Test
    void aQuestionIsAcknowledgedOnlyOnceDurable() {
        trace.holding = true;
        router.route(t1.connection(), new AskQuestionRequest("a1", "问题"));
        assertThat(t1.channel().ofType(AskQuestionResponse.class)).isEmpty();
        assertThat(t2.channel().ofType(QuestionChangedEvent.class)).isEmpty();

        trace.release();

        assertThat(t1.channel().replyTo("a1", AskQuestionResponse.class).question().text()).isEqualTo("问题");
        assertThat(t2.channel().ofType(QuestionChangedEvent.class)).hasSize(1);
    }

    @Test
    void lecturersMayAskTooButRegulatorsOnlyRead() {
        assertThat(ask(lecturer, "大家听懂了吗？").userId()).isEqualTo(new UserId("l01"));
        assertThat(refused(regulator, new AskQuestionRequest("r", "我来问"))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(list(regulator, null)).hasSize(1);
    }

    @Test
    void questionsAreAskedDuringALesson() {
        send(lecturer, new EndSessionRequest(lecturer.nextRequestId()), ServerMessage.class);

        assertThat(refused(t1, new AskQuestionRequest("a", "下课了还能问吗？"))).isEqualTo(ErrorCode.NO_LIVE_SESSION);
    }

    @Test
    void onePersonOneVoteGivenOrTakenBack() {
        QuestionView q = ask(t1, "问题");

        assertThat(vote(t2, q.questionId(), true).votes()).isEqualTo(1);
        assertThat(vote(t2, q.questionId(), true).votes()).as("a second up vote changes nothing").isEqualTo(1);
        assertThat(vote(lecturer, q.questionId(), true).votes()).isEqualTo(2);
        QuestionView back = vote(t2, q.questionId(), false);
        assertThat(back.votes()).isEqualTo(1);
        assertThat(back.youVoted()).isFalse();
        assertThat(t1.channel().last(QuestionChangedEvent.class).question().votes()).isEqualTo(1);
        assertThat(trace.of(TraceKind.QA_VOTE)).extracting(e -> e.userId().value() + ":" + e.data().get("up"))
                .containsExactly("t02:true", "l01:true", "t02:false");
    }

    @Test
    void nobodyVotesForTheirOwnQuestion() {
        QuestionView q = ask(t1, "问题");

        assertThat(refused(t1, new VoteQuestionRequest("v", q.questionId(), true))).isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(t1.channel().errorFor("v").message()).contains("own question");
        assertThat(refused(regulator, new VoteQuestionRequest("v", q.questionId(), true)))
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(t2, new VoteQuestionRequest("w", "q-404", true))).isEqualTo(ErrorCode.QUESTION_NOT_FOUND);
        assertThat(trace.of(TraceKind.QA_VOTE)).isEmpty();
    }

    @Test
    void theQueueIsOrderedByVotesThenByWhenAsked() {
        QuestionView first = ask(t1, "第一个");
        clock.advance(Duration.ofSeconds(1));
        QuestionView second = ask(t2, "第二个");
        clock.advance(Duration.ofSeconds(1));
        QuestionView third = ask(lecturer, "第三个");

        vote(t1, third.questionId(), true);
        vote(t2, third.questionId(), true);
        vote(t1, second.questionId(), true);

        List<QuestionView> queue = list(t2, null);
        assertThat(queue).extracting(QuestionView::questionId)
                .containsExactly(third.questionId(), second.questionId(), first.questionId());
        assertThat(queue).extracting(QuestionView::youVoted).containsExactly(true, false, false);
        assertThat(list(t1, null)).extracting(QuestionView::youVoted).containsExactly(true, true, false);
    }

    @Test
    void lecturersMarkQuestionsAndOthersMayNot() {
        QuestionView q = ask(t1, "问题");

        assertThat(refused(t2, new MarkQuestionRequest("m", q.questionId(), QuestionState.ANSWERED, "x")))
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(regulator, new MarkQuestionRequest("m", q.questionId(), QuestionState.ANSWERING, null)))
                .isEqualTo(ErrorCode.ROLE_FORBIDDEN);
        assertThat(refused(lecturer, new MarkQuestionRequest("m", "q-404", QuestionState.ANSWERING, null)))
                .isEqualTo(ErrorCode.QUESTION_NOT_FOUND);

        QuestionView answering = send(lecturer, new MarkQuestionRequest("m1", q.questionId(),
                QuestionState.ANSWERING, null), MarkQuestionResponse.class).question();
        assertThat(answering.state()).isEqualTo(QuestionState.ANSWERING);
        assertThat(answering.answeredBy()).isEqualTo(new UserId("l01"));
        assertThat(answering.answer()).isNull();
        send(lecturer, new MarkQuestionRequest("m2", q.questionId(), QuestionState.ANSWERED,
                "向当地人社部门申请创业担保贷款"), MarkQuestionResponse.class);

        QuestionView seen = t2.channel().last(QuestionChangedEvent.class).question();
        assertThat(seen.state()).isEqualTo(QuestionState.ANSWERED);
        assertThat(seen.answer()).isEqualTo("向当地人社部门申请创业担保贷款");
        assertThat(t2.channel().ofType(QuestionChangedEvent.class)).hasSize(3);
    }

    @Test
    void questionsStayWithTheirLessonAndAreListedAfterItEnds() {
        QuestionView earlier = ask(t1, "第一节课的问题");
        send(lecturer, new EndSessionRequest(lecturer.nextRequestId()), ServerMessage.class);

        ListQuestionsResponse afterwards = send(t2, new ListQuestionsRequest("l1", null), ListQuestionsResponse.class);
        assertThat(afterwards.sessionId()).isEqualTo(lesson);
        assertThat(afterwards.questions()).extracting(QuestionView::questionId).containsExactly(earlier.questionId());

        String next = startLesson();
        assertThat(list(t2, null)).as("a new lesson starts with an empty queue").isEmpty();
        ask(t2, "第二节课的问题");
        assertThat(list(t2, next)).hasSize(1);
        assertThat(list(t2, lesson)).extracting(QuestionView::questionId).containsExactly(earlier.questionId());
        assertThat(list(t2, "cs-none")).isEmpty();
    }

    @Test
    void aQuestionThatCouldNotBeStoredIsNotAsked() {
        trace.failing = true;

        assertThat(refused(t1, new AskQuestionRequest("a", "问题"))).isEqualTo(ErrorCode.INTERNAL);
        laneErrors.clear(); // handed to the lane's error handler (logged)
        assertThat(list(t1, null)).isEmpty();
        assertThat(t2.channel().ofType(QuestionChangedEvent.class)).isEmpty();
    }
}
