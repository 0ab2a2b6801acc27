package org.wlcy.classroom.proctoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.protocol.AttendanceMessages.DecideLeaveRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.DecideLeaveResponse;
import org.wlcy.classroom.protocol.AttendanceMessages.LeaveChangedEvent;
import org.wlcy.classroom.protocol.AttendanceMessages.ListLeavesRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.ListLeavesResponse;
import org.wlcy.classroom.protocol.AttendanceMessages.RequestLeaveRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.RequestLeaveResponse;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassRequest;
import org.wlcy.classroom.protocol.ClassMessages.JoinClassResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.Identities;
import org.wlcy.classroom.testing.MemoryTraceLog;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.testing.TestClient;
import org.wlcy.classroom.trace.TraceKind;

/** Leave requests through the router, with the trace as the record. */
class LeaveServiceTest {
    private static final ClassroomId CLASS = new ClassroomId("c1");
    private final Identities people = Identities.of(CLASS);
    private final MutableClock clock = new MutableClock();
    private final MemoryTraceLog trace = new MemoryTraceLog();
    private MessageRouter router;

    private MessageRouter router() {
        Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(), clock,
                Runnable::run, IdGenerator.sequential(), ClassSessionListener.NONE, (t, e) -> {
                    throw new AssertionError(e);
                });
        MessageRouter r = new MessageRouter(classrooms, clock);
        new LeaveService(trace, c -> List.copyOf(trace.events), Runnable::run, AttendancePolicy.defaults(), clock,
                IdGenerator.sequential()).register(r);
        return r;
    }

    @BeforeEach
    void setUp() {
        router = router();
    }

    private TestClient join(Identity who) {
        TestClient c = TestClient.of(who);
        String rid = c.nextRequestId();
        router.route(c.connection(), new JoinClassRequest(rid, CLASS));
        c.channel().replyTo(rid, JoinClassResponse.class);
        return c;
    }

    private <T extends org.wlcy.classroom.protocol.ServerMessage> T ask(TestClient who, java.util.function.Function<String, org.wlcy.classroom.protocol.ClientMessage> m,
                      Class<T> reply) {
        String rid = who.nextRequestId();
        router.route(who.connection(), m.apply(rid));
        return who.channel().replyTo(rid, reply);
    }

    @Test
    void moreThanFourClassHoursIsRefusedWithTheArticlesWords() {
        TestClient trainee = join(people.trainee("t01"));
        ErrorResponse refused = ask(trainee, rid -> new RequestLeaveRequest(rid, 5, "生病", "2026-12-01"),
                ErrorResponse.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_FIELD.code());
        assertThat(refused.message()).contains("4").startsWith("hours:");
        assertThat(trace.of(TraceKind.LEAVE_REQUESTED)).isEmpty();
    }

    /** The clock says 2026-11-29 (Asia/Shanghai): a leave may name 2026-10-30 .. 2027-05-28. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "2026-10-29, false", "2026-10-30, true", "2026-11-29, true", "2027-05-28, true", "2027-05-29, false",
            "2000-01-01, false", "2099-12-31, false"})
    void aLeaveNamesADayNearTodayOrIsRefusedBeforeAnythingIsRecorded(String forDate, boolean accepted) {
        TestClient trainee = join(people.trainee("t01"));
        String rid = trainee.nextRequestId();
        router.route(trainee.connection(), new RequestLeaveRequest(rid, 2, "生病", forDate));
        if (accepted) {
            assertThat(trainee.channel().replyTo(rid, RequestLeaveResponse.class).leave().forDate()).isEqualTo(forDate);
            assertThat(trace.of(TraceKind.LEAVE_REQUESTED)).singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("forDate", forDate).containsEntry("hours", 2L));
        } else {
            ErrorResponse refused = trainee.channel().replyTo(rid, ErrorResponse.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_FIELD.code());
            assertThat(refused.message()).contains("forDate", "2026-10-30", "2027-05-28");
            assertThat(trace.of(TraceKind.LEAVE_REQUESTED)).isEmpty();
        }
    }

    @Test
    void aTraineeAsksALecturerDecidesAndBothAreTold() {
        TestClient lecturer = join(people.lecturer("l01"));
        TestClient trainee = join(people.trainee("t01"));
        RequestLeaveResponse asked = ask(trainee, rid -> new RequestLeaveRequest(rid, 4, "家中有事", "2026-12-01"),
                RequestLeaveResponse.class);
        assertThat(asked.leave().state()).isEqualTo("pending");
        assertThat(lecturer.channel().last(LeaveChangedEvent.class).leave().leaveId()).isEqualTo(asked.leave().leaveId());

        ErrorResponse notYours = ask(trainee, rid -> new DecideLeaveRequest(rid, asked.leave().leaveId(), true, null),
                ErrorResponse.class);
        assertThat(notYours.code()).isEqualTo(ErrorCode.ROLE_FORBIDDEN.code());

        DecideLeaveResponse decided = ask(lecturer, rid -> new DecideLeaveRequest(rid, asked.leave().leaveId(), true,
                "同意"), DecideLeaveResponse.class);
        assertThat(decided.leave().state()).isEqualTo("approved");
        assertThat(trainee.channel().last(LeaveChangedEvent.class).leave().state()).isEqualTo("approved");
        assertThat(trace.of(TraceKind.LEAVE_DECIDED)).singleElement()
                .satisfies(e -> assertThat(e.userId().value()).isEqualTo("t01"));
        ErrorResponse twice = ask(lecturer, rid -> new DecideLeaveRequest(rid, asked.leave().leaveId(), false, null),
                ErrorResponse.class);
        assertThat(twice.message()).contains("approved already");
    }

    @Test
    void traineesListTheirOwnAndTheBookSurvivesARestart() {
        TestClient t1 = join(people.trainee("t01"));
        TestClient t2 = join(people.trainee("t02"));
        ask(t1, rid -> new RequestLeaveRequest(rid, 2, "a", "2026-12-01"), RequestLeaveResponse.class);
        ask(t2, rid -> new RequestLeaveRequest(rid, 3, "b", "2026-12-02"), RequestLeaveResponse.class);
        assertThat(ask(t1, ListLeavesRequest::new, ListLeavesResponse.class).leaves())
                .extracting(l -> l.userId().value()).containsExactly("t01");

        router = router(); // a new server process: the book is rebuilt from the trace
        TestClient lecturer = join(people.lecturer("l01"));
        assertThat(ask(lecturer, ListLeavesRequest::new, ListLeavesResponse.class).leaves())
                .extracting(l -> l.hours()).containsExactly(2, 3);
    }
}
