package org.wlcy.classroom.proctoring.live;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.AttendanceMessages.RollCallRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.RollCallResponse;
import org.wlcy.classroom.protocol.AttendanceMessages.SignInRequest;
import org.wlcy.classroom.protocol.AttendanceMessages.SignInResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProctorMessages.ConsentRequest;
import org.wlcy.classroom.protocol.ProctorMessages.ConsentResponse;
import org.wlcy.classroom.protocol.ProctorMessages.ProctorWarningEvent;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceRequest;
import org.wlcy.classroom.protocol.TraceMessages.AppendTraceResponse;
import org.wlcy.classroom.protocol.TraceMessages.ClientTraceEvent;
import org.wlcy.classroom.proctoring.store.EventRefusedException;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Live proctoring of a class: writes the learning trace (page events after they are durable,
 * presence and lesson events as they happen), counts tab switches and warns, keeps the lecturers'
 * proctoring wall current, records consent, sign-in and roll call. Handlers run on the class's
 * lane; trace appends complete on the store's thread and hop back.
 */
public final class ProctoringService implements ClassSessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProctoringService.class);
    private final TraceLog trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final ProctorPolicy policy;
    private Classrooms classrooms;
    private FaceCheckScheduler.Checker faceChecker;

    public ProctoringService(TraceLog trace, InstantSource clock, IdGenerator ids, ProctorPolicy policy) {
        this.trace = trace;
        this.clock = clock;
        this.ids = ids;
        this.policy = policy;
    }

    /** Registers this module's request handlers; {@code classrooms} resolves lanes for listener events. */
    public void register(MessageRouter router, Classrooms classrooms) {
        this.classrooms = classrooms;
        router.on(AppendTraceRequest.class, this::append);
        router.on(ConsentRequest.class, this::consent);
        router.on(SignInRequest.class, this::signIn);
        router.on(RollCallRequest.class, this::rollCall);
    }

    /** Enables face sign-in with the same checker the random checks use. */
    public void useFaceChecker(FaceCheckScheduler.Checker checker) {
        this.faceChecker = checker;
    }

    /** The lock on exercises for trainees who switched away too often in a lesson (issue B's answer gate). */
    public org.wlcy.classroom.quiz.AnswerGate exerciseLock() {
        return new TabSwitchLock(policy);
    }

    /** The proctoring state of a class (on its lane). */
    public static ClassProctoring of(LiveClassroom classroom) {
        return classroom.feature(ClassProctoring.class, ClassProctoring::new);
    }

    // ------------------------------------------------------------------ requests

    private void append(LiveClassroom c, ClientConnection conn, AppendTraceRequest req) {
        Participant who = c.participantOf(conn);
        if (!who.role().takesSeat()) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees and lecturers write to the trace");
        }
        Instant now = clock.instant();
        String sessionId = sessionId(c);
        List<TraceEvent> events = new ArrayList<>(req.events().size());
        for (ClientTraceEvent e : req.events()) {
            events.add(new TraceEvent(-1, c.id(), sessionId, who.userId(), e.kind(), now,
                    who.userId().value() + "/" + e.id(), e.clientTime(), e.data()));
        }
        trace.append(events).whenCompleteAsync((stored, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof EventRefusedException refused) {
                LOG.info("trace append refused for {} in {}: {}", who.userId(), c.id(), refused.getMessage());
                conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.INVALID_FIELD,
                        refusedField(events, refused) + " cannot be stored: " + refused.problem()
                                + "; nothing of this batch was stored"));
                return;
            }
            if (error != null) {
                LOG.error("trace append failed for {} in {}", who.userId(), c.id(), error);
                conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL,
                        "your events could not be stored; they will be sent again"));
                return;
            }
            conn.channel().send(new AppendTraceResponse(req.requestId(),
                    req.events().stream().map(ClientTraceEvent::id).toList()));
            if (who.role() == Role.TRAINEE) {
                applyToWall(c, who, events);
            }
        }, c.lane());
    }

    /** The wire name of the refused field: {@code events[i].clientTime}, {@code events[i].id}, ... */
    private static String refusedField(List<TraceEvent> events, EventRefusedException refused) {
        int i = 0;
        while (i < events.size() && !events.get(i).eventId().equals(refused.eventId())) {
            i++;
        }
        String at = i < events.size() ? "events[" + i + "]" : "events[]";
        return switch (refused.field()) {
            case "eventId" -> at + ".id";
            case "clientTime", "data", "kind" -> at + "." + refused.field();
            case "event" -> at;
            default -> at + " (" + refused.field() + ")";
        };
    }

    private void applyToWall(LiveClassroom c, Participant who, List<TraceEvent> events) {
        ClassProctoring wall = of(c);
        TraineeWatch w = wall.watch(who);
        boolean changed = false;
        for (TraceEvent e : events) {
            boolean switched = w.apply(e);
            changed |= e.kind() != TraceKind.HEARTBEAT;
            if (switched && c.liveSession() != null) {
                warn(c, who, w);
            }
        }
        if (changed) {
            pushWall(c);
        }
    }

    private void warn(LiveClassroom c, Participant who, TraineeWatch w) {
        String action = policy.exerciseLockAfter() > 0 && w.tabSwitches >= policy.exerciseLockAfter()
                ? "exercise-locked" : "warned";
        if (policy.warnTrainee()) {
            c.sendToUser(who.userId(), new ProctorWarningEvent("tab-switch", w.tabSwitches,
                    policy.exerciseLockAfter(), "请勿切屏：离开课堂页面的时间不计入学习时长"));
        }
        record(c, who.userId(), TraceKind.TAB_SWITCH_WARNING, Map.of("count", w.tabSwitches, "action", action));
    }

    private void consent(LiveClassroom c, ClientConnection conn, ConsentRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees give consent to face checks");
        }
        TraceEvent e = serverEvent(c, who.userId(), TraceKind.CONSENT,
                Map.of("granted", req.granted(), "noticeVersion", req.noticeVersion()));
        trace.append(List.of(e)).whenCompleteAsync((stored, error) -> {
            if (error != null) {
                conn.channel().send(storeFailed(req.requestId(), error));
                return;
            }
            of(c).watch(who).consent = req.granted() ? "granted" : "declined";
            conn.channel().send(new ConsentResponse(req.requestId(), req.granted()));
            pushWall(c);
        }, c.lane());
    }

    private void signIn(LiveClassroom c, ClientConnection conn, SignInRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees sign in");
        }
        if (c.liveSession() == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "sign-in opens when the lesson starts");
        }
        if (req.method().equals("face")) {
            faceSignIn(c, conn, who, req);
            return;
        }
        completeSignIn(c, conn, who, req, Map.of("method", req.method(), "result", "ok"));
    }

    /**
     * Sign-in with a face check of the trainee's own proctoring camera, seen by the server (not the
     * page): needs consent and a published camera; finds a face or refuses with 207. It checks that
     * a face is there, not whose it is (docs/face-checks.md).
     */
    private void faceSignIn(LiveClassroom c, ClientConnection conn, Participant who, SignInRequest req) {
        if (faceChecker == null) {
            throw new ClassroomException(ErrorCode.SIGN_IN_FAILED, "face sign-in is off on this server; sign in "
                    + "with a click or ask for a roll call");
        }
        TraineeWatch w = of(c).watch(who);
        if (!"granted".equals(w.consent)) {
            throw new ClassroomException(ErrorCode.SIGN_IN_FAILED,
                    "face sign-in needs your consent to face checks; sign in with a click or ask for a roll call");
        }
        var publisher = c.publisherOf(who.userId(), org.wlcy.classroom.stream.StreamKind.PROCTOR).orElseThrow(
                () -> new ClassroomException(ErrorCode.SIGN_IN_FAILED, "turn your camera on first"));
        faceChecker.check(publisher).whenCompleteAsync((result, error) -> {
            if (error != null || !"face".equals(result.outcome())) {
                String why = error != null ? "the check failed" : switch (result.outcome()) {
                    case "no-face" -> "no face was seen";
                    case "many-faces" -> "more than one face was seen";
                    default -> "no video arrived";
                };
                conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.SIGN_IN_FAILED,
                        why + "; face the camera and try again, or ask for a roll call"));
                return;
            }
            w.faceCheck = result.outcome();
            w.faceCheckAt = clock.instant();
            Map<String, Object> data = new java.util.HashMap<>(Map.of("method", "face", "result", "ok",
                    "faces", result.faces()));
            if (result.frameSha256() != null) {
                data.put("frameSha256", result.frameSha256());
            }
            completeSignIn(c, conn, who, req, data);
        }, c.lane());
    }

    private void completeSignIn(LiveClassroom c, ClientConnection conn, Participant who, SignInRequest req,
                                Map<String, Object> data) {
        Instant now = clock.instant();
        TraceEvent e = serverEvent(c, who.userId(), TraceKind.SIGN_IN, data);
        trace.append(List.of(e)).whenCompleteAsync((stored, error) -> {
            if (error != null) {
                conn.channel().send(storeFailed(req.requestId(), error));
                return;
            }
            TraineeWatch w = of(c).watch(who);
            w.signedIn = true;
            w.signInMethod = req.method();
            conn.channel().send(new SignInResponse(req.requestId(), req.method(), now, "ok"));
            pushWall(c);
        }, c.lane());
    }

    private void rollCall(LiveClassroom c, ClientConnection conn, RollCallRequest req) {
        Participant lecturer = c.lecturerOf(conn, "call the roll");
        TraineeWatch w = of(c).watch(req.userId());
        if (w == null) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "no trainee " + req.userId() + " in this class");
        }
        TraceEvent e = serverEvent(c, req.userId(), TraceKind.ROLL_CALL,
                Map.of("present", req.present(), "by", lecturer.userId().value()));
        trace.append(List.of(e)).whenCompleteAsync((stored, error) -> {
            if (error != null) {
                conn.channel().send(storeFailed(req.requestId(), error));
                return;
            }
            if (req.present()) {
                w.signedIn = true;
                w.signInMethod = "roll-call";
            }
            conn.channel().send(new RollCallResponse(req.requestId()));
            pushWall(c);
        }, c.lane());
    }

    // ------------------------------------------------------------------ class events (on the lane)

    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        withClass(classroom, c -> {
            var who = c.identityOf(p.userId());
            record(c, p.userId(), TraceKind.JOINED, Map.of("participantId", p.participantId().value(),
                    "role", p.role().wire(), "name", p.displayName(),
                    "inst", who.map(i -> i.institution()).orElse(""),
                    "region", who.map(i -> i.region()).orElse("")));
            if (p.role() == Role.TRAINEE) {
                TraineeWatch w = of(c).watch(p);
                w.present = true;
                w.rejoined(clock.instant()); // a new page starts in front; it reports if it is not
            }
            pushWall(c);
        });
    }

    @Override
    public void onParticipantSuspended(ClassroomId classroom, Participant p) {
        withClass(classroom, c -> {
            record(c, p.userId(), TraceKind.PRESENCE_SUSPENDED, Map.of("participantId", p.participantId().value()));
            reconnecting(c, p, true);
        });
    }

    @Override
    public void onParticipantResumed(ClassroomId classroom, Participant p, java.time.Instant since) {
        withClass(classroom, c -> {
            record(c, p.userId(), TraceKind.PRESENCE_RESUMED, Map.of("participantId", p.participantId().value(),
                    "awayMs", Math.max(0, java.time.Duration.between(since, clock.instant()).toMillis())));
            reconnecting(c, p, false);
        });
    }

    /** Shows lecturers that a trainee's network dropped (the wall says "reconnecting"), or is back. */
    private void reconnecting(LiveClassroom c, Participant p, boolean now) {
        TraineeWatch w = p.role() == Role.TRAINEE ? of(c).watch(p.userId()) : null;
        if (w != null && w.reconnecting != now) {
            w.reconnecting = now;
            pushWall(c);
        }
    }

    @Override
    public void onParticipantLeft(ClassroomId classroom, Participant p, LeaveReason reason) {
        withClass(classroom, c -> {
            record(c, p.userId(), TraceKind.LEFT, Map.of("participantId", p.participantId().value(),
                    "reason", reason.name()));
            TraineeWatch w = of(c).watch(p.userId());
            if (w != null && p.role() == Role.TRAINEE && reason != LeaveReason.DUPLICATE_IDENTITY) {
                w.present = false;
            }
            if (w != null) {
                w.reconnecting = false;
            }
            pushWall(c);
        });
    }

    @Override
    public void onSessionStarted(ClassSession session) {
        withClass(session.classroomId(), c -> {
            of(c).newLesson();
            record(c, session.startedBy(), TraceKind.SESSION_STARTED, Map.of("sessionId", session.id().value()));
            pushWall(c);
        });
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        withClass(session.classroomId(), c -> record(c, session.startedBy(), TraceKind.SESSION_ENDED,
                Map.of("sessionId", session.id().value())));
    }

    // ------------------------------------------------------------------ internals

    /** Listener calls already run on the class's lane (LiveClassroom calls them there). */
    private void withClass(ClassroomId id, java.util.function.Consumer<LiveClassroom> action) {
        if (classrooms != null) {
            classrooms.find(id).ifPresent(action);
        }
    }

    private void record(LiveClassroom c, UserId user, TraceKind kind, Map<String, Object> data) {
        trace.append(List.of(serverEvent(c, user, kind, data))).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("could not record {} for {} in {}", kind.wire(), user, c.id(), error);
            }
        });
    }

    private TraceEvent serverEvent(LiveClassroom c, UserId user, TraceKind kind, Map<String, Object> data) {
        return new TraceEvent(-1, c.id(), sessionId(c), user, kind, clock.instant(), "srv/" + ids.next(""), null,
                data);
    }

    private static String sessionId(LiveClassroom c) {
        ClassSession s = c.liveSession();
        return s == null ? null : s.id().value();
    }

    /** Sends the wall to the class's lecturers (on the lane). */
    void pushWall(LiveClassroom c) {
        c.sendTo(p -> p.role() == Role.LECTURER, of(c).state(clock.instant()));
    }

    private static ErrorResponse storeFailed(String requestId, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.error("trace store failed", cause);
        return ErrorResponse.of(requestId, ErrorCode.INTERNAL, "could not be recorded durably; try again");
    }
}
