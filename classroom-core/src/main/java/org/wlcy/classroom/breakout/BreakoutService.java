package org.wlcy.classroom.breakout;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutEndedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutEndingEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutStartedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BreakoutUpdatedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.BroadcastResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.ExtendBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.ExtendBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.MoveToGroupResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.NotesSavedEvent;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.RecallBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.SaveNotesRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.SaveNotesResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.StartBreakoutResponse;
import org.wlcy.classroom.protocol.BreakoutMessages.VisitGroupRequest;
import org.wlcy.classroom.protocol.BreakoutMessages.VisitGroupResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.speak.SpeakService;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Breakout groups (分组讨论, Art. 25): the handlers of the {@code breakout.*} requests, the timer
 * that warns a minute before the end and recalls everyone at the end, and the trace of who was in
 * which group when, and of the notes. Media follows through {@link LiveClassroom#placeAll},
 * {@link LiveClassroom#visit} and {@link LiveClassroom#closeGroups}. Runs on the class's lane;
 * timers fire on the scheduler and hop onto the lane.
 */
public final class BreakoutService implements ClassSessionListener {
    /** The warning goes out this long before the end. */
    static final Duration WARNING = Duration.ofSeconds(60);
    private final ServerTrace trace;
    private final InstantSource clock;
    private final Scheduler scheduler;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private final SpeakService speak;
    private Function<ClassroomId, Optional<LiveClassroom>> classes = id -> Optional.empty();

    /** Per-class state: the running breakout, if any. */
    static final class State {
        Breakout running;
    }

    public BreakoutService(TraceLog trace, InstantSource clock, Scheduler scheduler, IdGenerator ids,
                           RandomGenerator random, SpeakService speak) {
        this.trace = new ServerTrace(trace, clock, ids);
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = ids;
        this.random = random;
        this.speak = speak;
    }

    /** Registers the {@code breakout.*} handlers; {@code classrooms} resolves classes for listener events. */
    public void register(MessageRouter router, Classrooms classrooms) {
        attach(classrooms::find);
        router.on(StartBreakoutRequest.class, this::start);
        router.on(ExtendBreakoutRequest.class, this::extend);
        router.on(BroadcastRequest.class, this::broadcast);
        router.on(VisitGroupRequest.class, this::visit);
        router.on(MoveToGroupRequest.class, this::move);
        router.on(SaveNotesRequest.class, this::notes);
        router.on(RecallBreakoutRequest.class, this::recall);
    }

    /** How listener events find their class (tests pass the one class). */
    public void attach(Function<ClassroomId, Optional<LiveClassroom>> resolver) {
        this.classes = resolver;
    }

    /** The breakout running in a class, if any (on its lane). */
    public static Optional<Breakout> running(LiveClassroom c) {
        return Optional.ofNullable(state(c).running);
    }

    private static State state(LiveClassroom c) {
        return c.feature(State.class, State::new);
    }

    // ------------------------------------------------------------------ requests

    void start(LiveClassroom c, ClientConnection conn, StartBreakoutRequest req) {
        lecturer(c, conn, "split the class into groups");
        if (c.liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "groups meet during a lesson");
        }
        State state = state(c);
        if (state.running != null) {
            throw new ClassroomException(ErrorCode.BREAKOUT_RUNNING, "a breakout is running; recall it first");
        }
        List<UserId> trainees = c.participants().stream().filter(p -> p.role() == Role.TRAINEE)
                .map(Participant::userId).toList();
        List<List<UserId>> split = switch (req.mode()) {
            case "random" -> GroupAssignment.random(trainees, req.groups(), random);
            case "balanced" -> GroupAssignment.balanced(trainees,
                    u -> c.identityOf(u).map(i -> i.institution()).orElse(""), req.groups(), random);
            default -> GroupAssignment.manual(manualAssignment(req, trainees), trainees, req.groups());
        };
        Instant now = clock.instant();
        Breakout b = new Breakout(ids.next("bo-"), now, now.plus(Duration.ofMinutes(req.minutes())));
        Map<UserId, GroupId> placements = new LinkedHashMap<>();
        for (int i = 0; i < split.size(); i++) {
            GroupId g = new GroupId(ids.next("g-"));
            b.addGroup(g, req.names() == null ? "第" + (i + 1) + "组" : req.names().get(i));
            for (UserId u : split.get(i)) {
                b.place(u, g, now);
                placements.put(u, g);
            }
        }
        c.openGroups(b.groupIds());
        state.running = b;
        speak.endAll(c, "breakout");
        conn.channel().send(new StartBreakoutResponse(req.requestId(), b.view()));
        c.sendTo(p -> true, new BreakoutStartedEvent(b.view()));
        c.placeAll(placements);
        schedule(c, b);
    }

    private static Map<UserId, Integer> manualAssignment(StartBreakoutRequest req, List<UserId> trainees) {
        Map<UserId, Integer> out = new HashMap<>();
        req.assignment().forEach((user, index) -> {
            UserId u = new UserId(user);
            if (!trainees.contains(u)) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "assignment names " + user
                        + ", who is not a trainee present");
            }
            out.put(u, index);
        });
        return out;
    }

    void extend(LiveClassroom c, ClientConnection conn, ExtendBreakoutRequest req) {
        lecturer(c, conn, "extend a breakout");
        Breakout b = requireRunning(c);
        b.endsAt(b.endsAt().plus(Duration.ofMinutes(req.minutes())));
        schedule(c, b);
        conn.channel().send(new ExtendBreakoutResponse(req.requestId(), b.view()));
        c.sendTo(p -> true, new BreakoutUpdatedEvent(b.view()));
    }

    void broadcast(LiveClassroom c, ClientConnection conn, BroadcastRequest req) {
        Participant lecturer = lecturer(c, conn, "broadcast to the groups");
        requireRunning(c);
        conn.channel().send(new BroadcastResponse(req.requestId()));
        c.sendTo(p -> true, new BroadcastEvent(req.text(), lecturer.userId(), lecturer.displayName()));
    }

    void visit(LiveClassroom c, ClientConnection conn, VisitGroupRequest req) {
        Participant lecturer = lecturer(c, conn, "visit a group");
        Breakout b = requireRunning(c);
        GroupId g = req.groupId();
        if (g != null) {
            requireGroup(b, g);
        }
        b.visit(lecturer.userId(), g);
        c.visit(lecturer.userId(), g);
        conn.channel().send(new VisitGroupResponse(req.requestId(), b.view()));
        c.sendTo(p -> true, new BreakoutUpdatedEvent(b.view()));
    }

    void move(LiveClassroom c, ClientConnection conn, MoveToGroupRequest req) {
        lecturer(c, conn, "move people between groups");
        Breakout b = requireRunning(c);
        UserId user = req.userId();
        boolean trainee = b.membership(user) != null || c.participants().stream()
                .anyMatch(p -> p.userId().equals(user) && p.role() == Role.TRAINEE);
        if (!trainee) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "no trainee " + user + " in this class now");
        }
        GroupId g = req.groupId();
        if (g != null) {
            requireGroup(b, g);
        }
        if (!b.groupOf(user).equals(Optional.ofNullable(g))) {
            Instant now = clock.instant();
            Breakout.Membership old = b.place(user, g, now);
            if (old != null) {
                recordMembership(c, b, user, old, now, "moved");
            }
            Map<UserId, GroupId> move = new HashMap<>();
            move.put(user, g);
            c.placeAll(move);
        }
        conn.channel().send(new MoveToGroupResponse(req.requestId(), b.view()));
        c.sendTo(p -> true, new BreakoutUpdatedEvent(b.view()));
    }

    void notes(LiveClassroom c, ClientConnection conn, SaveNotesRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.LECTURER && who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only group members and lecturers write notes");
        }
        Breakout b = requireRunning(c);
        Breakout.Group group = requireGroup(b, req.groupId());
        boolean member = b.groupOf(who.userId()).map(req.groupId()::equals).orElse(false);
        if (who.role() != Role.LECTURER && !member) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the group's members and lecturers write "
                    + "its notes");
        }
        group.notes = req.text();
        Instant now = clock.instant();
        c.sendTo(p -> p.role() == Role.LECTURER || b.groupOf(p.userId()).map(req.groupId()::equals).orElse(false),
                new NotesSavedEvent(b.id(), req.groupId(), req.text(), who.userId(), now));
        trace.append(c, who.userId(), TraceKind.BREAKOUT_NOTES,
                Map.of("breakoutId", b.id(), "groupId", req.groupId().value(), "text", req.text())).whenCompleteAsync((stored, error) -> conn.channel().send(error == null
                ? new SaveNotesResponse(req.requestId())
                : ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL, "the notes could not be recorded; save again")),
                c.lane());
    }

    void recall(LiveClassroom c, ClientConnection conn, RecallBreakoutRequest req) {
        Participant lecturer = lecturer(c, conn, "recall the groups");
        Breakout b = requireRunning(c);
        end(c, b, "recalled", lecturer.userId());
        conn.channel().send(new RecallBreakoutResponse(req.requestId(), b.id()));
    }

    // ------------------------------------------------------------------ the end

    private void schedule(LiveClassroom c, Breakout b) {
        b.cancelTimers();
        long generation = b.timerGeneration;
        Duration left = Duration.between(clock.instant(), b.endsAt());
        if (left.compareTo(WARNING) > 0) {
            b.warning = scheduler.schedule(left.minus(WARNING), () -> c.lane().execute(() -> {
                if (state(c).running == b && b.timerGeneration == generation) {
                    c.sendTo(p -> true, new BreakoutEndingEvent(b.id(),
                            (int) Math.max(0, Duration.between(clock.instant(), b.endsAt()).toSeconds())));
                }
            }));
        }
        b.recall = scheduler.schedule(left, () -> c.lane().execute(() -> {
            if (state(c).running == b && b.timerGeneration == generation) {
                end(c, b, "time-up", null);
            }
        }));
    }

    /** Everyone back to the main room; memberships and notes to the trace. */
    private void end(LiveClassroom c, Breakout b, String reason, UserId by) {
        b.cancelTimers();
        state(c).running = null;
        Instant now = clock.instant();
        b.memberships().forEach((user, m) -> recordMembership(c, b, user, m, now, reason));
        c.sendTo(p -> true, new BreakoutEndedEvent(b.id(), b.notes(), reason, by));
        c.closeGroups();
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> running(c).ifPresent(b ->
                c.sendToUser(p.userId(), new BreakoutUpdatedEvent(b.view()))));
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c -> running(c).ifPresent(b ->
                end(c, b, "lesson-ended", null)));
    }

    // ------------------------------------------------------------------ internals

    private static Participant lecturer(LiveClassroom c, ClientConnection conn, String what) {
        return c.lecturerOf(conn, what);
    }

    private static Breakout requireRunning(LiveClassroom c) {
        Breakout b = state(c).running;
        if (b == null) {
            throw new ClassroomException(ErrorCode.NO_BREAKOUT, "no breakout is running");
        }
        return b;
    }

    private static Breakout.Group requireGroup(Breakout b, GroupId g) {
        return b.group(g).orElseThrow(() -> new ClassroomException(ErrorCode.GROUP_NOT_FOUND, "no group " + g));
    }

    private void recordMembership(LiveClassroom c, Breakout b, UserId user, Breakout.Membership m, Instant leftAt,
                                  String reason) {
        String name = b.group(m.group()).map(g -> g.name).orElse("");
        trace.record(c, user, TraceKind.BREAKOUT_JOINED, Map.of("breakoutId", b.id(), "groupId", m.group().value(),
                "groupName", name, "joinedAt", m.since().toString(), "leftAt", leftAt.toString(),
                "seconds", Duration.between(m.since(), leftAt).toSeconds(), "reason", reason));
    }
}
