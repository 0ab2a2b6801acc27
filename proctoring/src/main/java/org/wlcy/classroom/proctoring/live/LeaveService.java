package org.wlcy.classroom.proctoring.live;

import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.attendance.LeaveBook;
import org.wlcy.classroom.proctoring.attendance.LeaveOutcome;
import org.wlcy.classroom.proctoring.attendance.LeaveReplay;
import org.wlcy.classroom.proctoring.attendance.LeaveRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.DecideLeaveRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.DecideLeaveResponse;
import org.wlcy.classroom.protocol.AttendanceMessages.LeaveChangedEvent;
import org.wlcy.classroom.protocol.AttendanceMessages.LeaveView;
import org.wlcy.classroom.protocol.AttendanceMessages.ListLeavesRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.ListLeavesResponse;
import org.wlcy.classroom.protocol.AttendanceMessages.RequestLeaveRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.RequestLeaveResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Leave requests (请假, Art. 7(5)): trainees ask, lecturers decide. The trace is the record; each
 * class's {@link LeaveBook} is rebuilt from it the first time the class needs it (read on a
 * blocking executor, then back on the lane), and every change is durable before it is answered.
 */
public final class LeaveService {
    /** How many days before the class's today a leave may name ({@code forDate}). */
    public static final int FOR_DATE_DAYS_BACK = 30;
    /** How many days after the class's today a leave may name. */
    public static final int FOR_DATE_DAYS_AHEAD = 180;
    private static final Logger LOG = LoggerFactory.getLogger(LeaveService.class);
    private final TraceLog trace;
    private final Function<ClassroomId, List<TraceEvent>> history;
    private final Executor blocking;
    private final AttendancePolicy policy;
    private final InstantSource clock;
    private final IdGenerator ids;

    /**
     * @param history  reads a class's whole trace (blocking; run on {@code blocking})
     */
    public LeaveService(TraceLog trace, Function<ClassroomId, List<TraceEvent>> history, Executor blocking,
                        AttendancePolicy policy, InstantSource clock, IdGenerator ids) {
        this.trace = trace;
        this.history = history;
        this.blocking = blocking;
        this.policy = policy;
        this.clock = clock;
        this.ids = ids;
    }

    public void register(MessageRouter router) {
        router.on(RequestLeaveRequest.class, (c, conn, m) -> withBook(c, conn, m.requestId(), b -> request(c, conn, b, m)));
        router.on(DecideLeaveRequest.class, (c, conn, m) -> withBook(c, conn, m.requestId(), b -> decide(c, conn, b, m)));
        router.on(ListLeavesRequest.class, (c, conn, m) -> withBook(c, conn, m.requestId(), b -> list(c, conn, b, m)));
    }

    /** The class's leave book, loaded once per class; requests wait on the lane until it is. */
    private static final class ClassLeaves {
        LeaveBook book;
        boolean loading;
        final Queue<Runnable> waiting = new ArrayDeque<>();
        final Map<String, String> names = new HashMap<>();
    }

    private interface BookAction {
        void run(ClassLeaves leaves);
    }

    private void withBook(LiveClassroom c, ClientConnection conn, String requestId, BookAction action) {
        c.participantOf(conn);
        ClassLeaves leaves = c.feature(ClassLeaves.class, ClassLeaves::new);
        Runnable run = () -> {
            try {
                action.run(leaves);
            } catch (ClassroomException e) {
                conn.channel().send(ErrorResponse.of(requestId, e.code(), e.getMessage()));
            }
        };
        if (leaves.book != null) {
            run.run();
            return;
        }
        leaves.waiting.add(run);
        if (leaves.loading) {
            return;
        }
        leaves.loading = true;
        blocking.execute(() -> {
            List<TraceEvent> events;
            try {
                events = history.apply(c.id());
            } catch (RuntimeException e) {
                LOG.error("cannot read the trace of {}", c.id(), e);
                c.lane().execute(() -> {
                    leaves.loading = false;
                    Runnable r;
                    while ((r = leaves.waiting.poll()) != null) {
                        r.run(); // book still null: the action reports the failure
                    }
                });
                return;
            }
            c.lane().execute(() -> {
                leaves.book = LeaveReplay.of(events, policy);
                events.stream().filter(e -> e.kind() == TraceKind.JOINED && e.data().get("name") instanceof String)
                        .forEach(e -> leaves.names.put(e.userId().value(), (String) e.data().get("name")));
                leaves.loading = false;
                Runnable r;
                while ((r = leaves.waiting.poll()) != null) {
                    r.run();
                }
            });
        });
    }

    private static LeaveBook book(ClassLeaves leaves) {
        if (leaves.book == null) {
            throw new ClassroomException(ErrorCode.INTERNAL, "leave records could not be read; try again");
        }
        return leaves.book;
    }

    private void request(LiveClassroom c, ClientConnection conn, ClassLeaves leaves, RequestLeaveRequest m) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees ask for leave");
        }
        checkForDate(m.date());
        LeaveBook book = book(leaves);
        String leaveId = "lv-" + ids.next("");
        // Check against the rules first, on a copy of nothing: the book refuses without changing.
        LeaveOutcome outcome = book.request(leaveId, c.id(), who.userId(), m.forDate(), m.hours(), m.reason());
        if (!outcome.accepted()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, fieldOf(outcome.refusal().code()) + ": "
                    + outcome.refusal().zh() + " / " + outcome.refusal().en());
        }
        leaves.names.put(who.userId().value(), who.displayName());
        TraceEvent e = event(c, who.userId(), TraceKind.LEAVE_REQUESTED, Map.of("leaveId", leaveId,
                "hours", m.hours(), "reason", m.reason(), "forDate", m.forDate()));
        trace.append(List.of(e)).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                book.withdraw(leaveId, who.userId());
                conn.channel().send(ErrorResponse.of(m.requestId(), ErrorCode.INTERNAL,
                        "your request could not be recorded; try again"));
                return;
            }
            LeaveView view = view(leaves, outcome.request());
            conn.channel().send(new RequestLeaveResponse(m.requestId(), view));
            c.sendTo(p -> p.role() == Role.LECTURER, new LeaveChangedEvent(view));
        }, c.lane());
    }

    /**
     * {@code forDate} must be near the class's today (its zone): up to {@link #FOR_DATE_DAYS_BACK}
     * days back (a leave asked for afterwards, e.g. a sick day) and {@link #FOR_DATE_DAYS_AHEAD}
     * ahead. Checked before anything is recorded.
     */
    private void checkForDate(LocalDate forDate) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), policy.zone());
        LocalDate from = today.minusDays(FOR_DATE_DAYS_BACK);
        LocalDate to = today.plusDays(FOR_DATE_DAYS_AHEAD);
        if (forDate.isBefore(from) || forDate.isAfter(to)) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "forDate must be from " + from + " to " + to
                    + " (" + FOR_DATE_DAYS_BACK + " days back to " + FOR_DATE_DAYS_AHEAD + " days ahead of today, "
                    + today + ")");
        }
    }

    /** The request field a leave-book refusal is about, so that the error names it. */
    private static String fieldOf(org.wlcy.classroom.proctoring.attendance.ReasonCode code) {
        return switch (code) {
            case LEAVE_OVER_MAX_HOURS, LEAVE_HOURS_NOT_POSITIVE -> "hours";
            case LEAVE_REASON_MISSING -> "reason";
            case LEAVE_DUPLICATE -> "forDate";
            default -> "leave";
        };
    }

    private void decide(LiveClassroom c, ClientConnection conn, ClassLeaves leaves, DecideLeaveRequest m) {
        Participant lecturer = c.lecturerOf(conn, "decide on leave");
        LeaveBook book = book(leaves);
        LeaveRequest current = book.find(m.leaveId()).orElseThrow(
                () -> new ClassroomException(ErrorCode.INVALID_FIELD, "no leave request " + m.leaveId()));
        if (!current.status().equals(org.wlcy.classroom.proctoring.attendance.LeaveStatus.PENDING)) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "leave request " + m.leaveId() + " is "
                    + current.status().name().toLowerCase(java.util.Locale.ROOT) + " already");
        }
        Map<String, Object> data = new HashMap<>(Map.of("leaveId", m.leaveId(), "approved", m.approved(),
                "by", lecturer.userId().value()));
        if (m.note() != null) {
            data.put("note", m.note());
        }
        TraceEvent e = event(c, current.trainee(), TraceKind.LEAVE_DECIDED, data);
        trace.append(List.of(e)).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                conn.channel().send(ErrorResponse.of(m.requestId(), ErrorCode.INTERNAL,
                        "the decision could not be recorded; try again"));
                return;
            }
            LeaveOutcome outcome = m.approved()
                    ? book.approve(m.leaveId(), lecturer.userId(), Role.LECTURER, m.note())
                    : book.reject(m.leaveId(), lecturer.userId(), Role.LECTURER, m.note());
            LeaveView view = view(leaves, outcome.accepted() ? outcome.request() : current);
            conn.channel().send(new DecideLeaveResponse(m.requestId(), view));
            c.sendTo(p -> p.role() == Role.LECTURER && !p.userId().equals(lecturer.userId()),
                    new LeaveChangedEvent(view));
            c.sendToUser(current.trainee(), new LeaveChangedEvent(view));
        }, c.lane());
    }

    private void list(LiveClassroom c, ClientConnection conn, ClassLeaves leaves, ListLeavesRequest m) {
        Participant who = c.participantOf(conn);
        LeaveBook book = book(leaves);
        List<LeaveRequest> visible = switch (who.role()) {
            case TRAINEE -> book.of(who.userId());
            case LECTURER, ADMIN -> book.all();
            default -> throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN,
                    "regulators read leave records on the regulator desk");
        };
        conn.channel().send(new ListLeavesResponse(m.requestId(), visible.stream()
                .sorted(Comparator.comparing(LeaveRequest::requestedAt))
                .map(r -> view(leaves, r)).toList()));
    }

    private TraceEvent event(LiveClassroom c, UserId user, TraceKind kind, Map<String, Object> data) {
        var s = c.liveSession();
        return new TraceEvent(-1, c.id(), s == null ? null : s.id().value(), user, kind, clock.instant(),
                "srv/" + ids.next(""), null, data);
    }

    private static LeaveView view(ClassLeaves leaves, LeaveRequest r) {
        return new LeaveView(r.requestId(), r.trainee(), leaves.names.getOrDefault(r.trainee().value(),
                r.trainee().value()), r.classHours(), r.reason(), r.lessonId(),
                r.status().name().toLowerCase(java.util.Locale.ROOT), r.requestedAt(), r.decidedBy(), r.decidedAt(),
                r.decisionNote());
    }
}
