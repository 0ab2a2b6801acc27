package org.wlcy.classroom.speak;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.SpeakMessages.AcceptTurnRequest;
import org.wlcy.classroom.protocol.SpeakMessages.AcceptTurnResponse;
import org.wlcy.classroom.protocol.SpeakMessages.EndTurnRequest;
import org.wlcy.classroom.protocol.SpeakMessages.EndTurnResponse;
import org.wlcy.classroom.protocol.SpeakMessages.HandChangedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.InviteSpeakerRequest;
import org.wlcy.classroom.protocol.SpeakMessages.InviteSpeakerResponse;
import org.wlcy.classroom.protocol.SpeakMessages.RaiseHandRequest;
import org.wlcy.classroom.protocol.SpeakMessages.RaiseHandResponse;
import org.wlcy.classroom.protocol.SpeakMessages.SpeakInvitedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.TurnEndedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.TurnStartedEvent;
import org.wlcy.classroom.protocol.SpeakMessages.TurnView;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Raising hands and speaking turns: trainees raise a hand, lecturers invite up to
 * {@code maxSpeakers} trainees at a time, an invited trainee accepts and may then publish a camera
 * into the main room that everyone sees and hears; the turn ends by the speaker, a lecturer, the
 * speaker leaving, a breakout or the lesson's end, and its camera ends with it. Every turn goes to
 * the trace ({@code speak.turn}), as does every raised or lowered hand ({@code speak.hand}). Runs
 * on the class's lane.
 */
public final class SpeakService implements ClassSessionListener {
    private final ServerTrace trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final int maxSpeakers;
    private Function<ClassroomId, Optional<LiveClassroom>> classes = id -> Optional.empty();

    /** A turn: invited until {@code startedAt} is set. */
    static final class Turn {
        final String id;
        final UserId user;
        final String displayName;
        final UserId invitedBy;
        Instant startedAt;

        Turn(String id, UserId user, String displayName, UserId invitedBy) {
            this.id = id;
            this.user = user;
            this.displayName = displayName;
            this.invitedBy = invitedBy;
        }

        TurnView view() {
            return new TurnView(id, user, displayName, startedAt);
        }
    }

    /** Per-class state: raised hands and turns (invited or started), in order. */
    static final class State {
        /** Raised hands: user to display name. */
        final Map<UserId, String> hands = new LinkedHashMap<>();
        final Map<String, Turn> turns = new LinkedHashMap<>();
    }

    public SpeakService(TraceLog trace, InstantSource clock, IdGenerator ids, int maxSpeakers) {
        if (maxSpeakers < 1) {
            throw new IllegalArgumentException("maxSpeakers must be at least 1");
        }
        this.trace = new ServerTrace(trace, clock, ids);
        this.clock = clock;
        this.ids = ids;
        this.maxSpeakers = maxSpeakers;
    }

    /** Registers the {@code hand.*} and {@code speak.*} handlers. */
    public void register(MessageRouter router, Classrooms classrooms) {
        attach(classrooms::find);
        router.on(RaiseHandRequest.class, this::raiseHand);
        router.on(InviteSpeakerRequest.class, this::invite);
        router.on(AcceptTurnRequest.class, this::accept);
        router.on(EndTurnRequest.class, this::end);
    }

    /** How listener events find their class (tests pass the one class). */
    public void attach(Function<ClassroomId, Optional<LiveClassroom>> resolver) {
        this.classes = resolver;
    }

    private static State state(LiveClassroom c) {
        return c.feature(State.class, State::new);
    }

    /** The turns that have started, in order (on the lane). */
    public static List<TurnView> speaking(LiveClassroom c) {
        return state(c).turns.values().stream().filter(t -> t.startedAt != null).map(Turn::view).toList();
    }

    // ------------------------------------------------------------------ requests

    void raiseHand(LiveClassroom c, ClientConnection conn, RaiseHandRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees raise a hand");
        }
        requireLive(c);
        setHand(c, who.userId(), who.displayName(), req.raised());
        conn.channel().send(new RaiseHandResponse(req.requestId(), req.raised()));
    }

    void invite(LiveClassroom c, ClientConnection conn, InviteSpeakerRequest req) {
        Participant lecturer = lecturer(c, conn, "invite someone to speak");
        requireLive(c);
        if (c.inBreakout()) {
            throw new ClassroomException(ErrorCode.BREAKOUT_RUNNING, "the class is in groups; recall them first");
        }
        Participant trainee = c.participants().stream()
                .filter(p -> p.userId().equals(req.userId()) && p.role() == Role.TRAINEE).findFirst()
                .orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD,
                        "no trainee " + req.userId() + " is present"));
        State state = state(c);
        if (state.turns.values().stream().anyMatch(t -> t.user.equals(trainee.userId()))) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, trainee.userId() + " is invited or speaking already");
        }
        if (state.turns.size() >= maxSpeakers) {
            throw new ClassroomException(ErrorCode.TOO_MANY_SPEAKERS, maxSpeakers
                    + " trainees are invited or speaking; end a turn first");
        }
        Turn turn = new Turn(ids.next("turn-"), trainee.userId(), trainee.displayName(), lecturer.userId());
        state.turns.put(turn.id, turn);
        conn.channel().send(new InviteSpeakerResponse(req.requestId(), turn.id));
        c.sendToUser(trainee.userId(), new SpeakInvitedEvent(turn.id, lecturer.userId()));
    }

    void accept(LiveClassroom c, ClientConnection conn, AcceptTurnRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only an invited trainee accepts a turn");
        }
        Turn turn = state(c).turns.get(req.turnId());
        if (turn == null || !turn.user.equals(who.userId())) {
            throw new ClassroomException(ErrorCode.NOT_INVITED, "you have no invitation " + req.turnId());
        }
        requireLive(c);
        if (turn.startedAt == null) {
            turn.startedAt = clock.instant();
            c.grantCamera(who.userId());
            setHand(c, who.userId(), who.displayName(), false);
            c.sendTo(p -> true, new TurnStartedEvent(turn.view()));
        }
        conn.channel().send(new AcceptTurnResponse(req.requestId(), turn.view()));
    }

    void end(LiveClassroom c, ClientConnection conn, EndTurnRequest req) {
        Participant who = c.participantOf(conn);
        Turn turn = state(c).turns.get(req.turnId());
        boolean own = turn != null && turn.user.equals(who.userId());
        if (who.role() != Role.LECTURER && !own) {
            throw new ClassroomException(who.role() == Role.TRAINEE ? ErrorCode.NOT_INVITED : ErrorCode.ROLE_FORBIDDEN,
                    "only the speaker or a lecturer ends a turn");
        }
        if (turn == null) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "no turn " + req.turnId());
        }
        String reason = turn.startedAt != null ? "ended" : own ? "declined" : "withdrawn";
        finish(c, turn, who.userId(), reason);
        conn.channel().send(new EndTurnResponse(req.requestId()));
    }

    /** Ends every turn and invitation (a breakout starts), with {@code reason}. */
    public void endAll(LiveClassroom c, String reason) {
        for (Turn t : List.copyOf(state(c).turns.values())) {
            finish(c, t, null, reason);
        }
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> {
            State state = state(c);
            if (p.role() == Role.LECTURER) {
                state.hands.forEach((user, name) -> c.sendToUser(p.userId(), new HandChangedEvent(user, name, true)));
            }
            state.turns.values().stream().filter(t -> t.startedAt != null)
                    .forEach(t -> c.sendToUser(p.userId(), new TurnStartedEvent(t.view())));
        });
    }

    @Override
    public void onParticipantLeft(ClassroomId classroom, Participant p, LeaveReason reason) {
        if (p.role() != Role.TRAINEE) {
            return;
        }
        classes.apply(classroom).ifPresent(c -> {
            State state = state(c);
            for (Turn t : List.copyOf(state.turns.values())) {
                if (t.user.equals(p.userId())) {
                    finish(c, t, null, "left");
                }
            }
            setHand(c, p.userId(), p.displayName(), false);
        });
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c -> {
            endAll(c, "lesson-ended");
            state(c).hands.clear();
        });
    }

    // ------------------------------------------------------------------ internals

    private void finish(LiveClassroom c, Turn turn, UserId by, String reason) {
        state(c).turns.remove(turn.id);
        TurnEndedEvent ended = new TurnEndedEvent(turn.id, turn.user, by, reason);
        if (turn.startedAt == null) {
            c.sendTo(p -> p.role() == Role.LECTURER || p.userId().equals(turn.user), ended);
            return;
        }
        c.sendTo(p -> true, ended);
        c.revokeCamera(turn.user);
        Instant now = clock.instant();
        trace.record(c, turn.user, TraceKind.SPEAK_TURN, Map.of("turnId", turn.id, "invitedBy", turn.invitedBy.value(),
                "startedAt", turn.startedAt.toString(), "endedAt", now.toString(),
                "seconds", Duration.between(turn.startedAt, now).toSeconds(),
                "endedBy", by == null ? "" : by.value(), "reason", reason));
    }

    private void setHand(LiveClassroom c, UserId user, String name, boolean raised) {
        State state = state(c);
        boolean changed = raised ? state.hands.putIfAbsent(user, name) == null : state.hands.remove(user) != null;
        if (!changed) {
            return;
        }
        c.sendTo(p -> p.role() == Role.LECTURER || p.userId().equals(user), new HandChangedEvent(user, name, raised));
        trace.record(c, user, TraceKind.HAND_RAISED, Map.of("raised", raised));
    }

    private static Participant lecturer(LiveClassroom c, ClientConnection conn, String what) {
        return c.lecturerOf(conn, what);
    }

    private static void requireLive(LiveClassroom c) {
        if (c.liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "no lesson is live");
        }
    }
}
