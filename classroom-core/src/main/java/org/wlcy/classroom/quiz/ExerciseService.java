package org.wlcy.classroom.quiz;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.AnswerView;
import org.wlcy.classroom.protocol.ExerciseMessages.CloseExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.CloseExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseClosedEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseResultEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseStartedEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseSummary;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseTallyEvent;
import org.wlcy.classroom.protocol.ExerciseMessages.ExerciseView;
import org.wlcy.classroom.protocol.ExerciseMessages.ListExercisesRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.ListExercisesResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseRequest;
import org.wlcy.classroom.protocol.ExerciseMessages.StartExerciseResponse;
import org.wlcy.classroom.protocol.ExerciseMessages.YourAnswer;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ServerMessage;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * In-class exercises (随堂练习, Art. 25; class performance, Art. 24(2)): lecturers start one at a
 * time during a lesson; trainees answer once, strictly before the deadline by the server's clock;
 * a late answer is refused (217) and recorded; a trainee whom the {@link AnswerGate} locks is
 * refused (218) with the reason. The server closes the exercise at its deadline by itself (a timer
 * on the injected scheduler whose work hops onto the class's lane), or earlier when a lecturer
 * closes it or the lesson ends; then everyone gets the key and the class's figures, and each
 * trainee their own mark. Lecturers get a live tally, at most every 500 ms.
 *
 * <p>Every start, answer (with its mark and score), close and late attempt goes to the learning
 * trace; requests are acknowledged once their event is durable. Handlers and timers' work run on
 * the class's lane.
 */
public final class ExerciseService implements ClassSessionListener {
    private final TraceLog trace;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final ScheduledExecutorService timers;
    private final AnswerGate gate;
    private final Duration tallyInterval;
    private Function<ClassroomId, Optional<LiveClassroom>> classes = id -> Optional.empty();

    public ExerciseService(TraceLog trace, InstantSource clock, IdGenerator ids, ScheduledExecutorService timers,
                           AnswerGate gate) {
        this(trace, clock, ids, timers, gate, TallyThrottle.INTERVAL);
    }

    public ExerciseService(TraceLog trace, InstantSource clock, IdGenerator ids, ScheduledExecutorService timers,
                           AnswerGate gate, Duration tallyInterval) {
        this.trace = trace;
        this.clock = clock;
        this.ids = ids;
        this.timers = timers;
        this.gate = gate;
        this.tallyInterval = tallyInterval;
    }

    /** Registers the handlers; {@code classrooms} resolves classes for timers and lesson events. */
    public void register(MessageRouter router, Classrooms classrooms) {
        this.classes = classrooms::find;
        router.on(StartExerciseRequest.class, this::start);
        router.on(AnswerExerciseRequest.class, this::answer);
        router.on(CloseExerciseRequest.class, this::close);
        router.on(ListExercisesRequest.class, this::list);
    }

    /** Per class: the exercises, and the timers of the running one. */
    private static final class ClassState {
        final ClassExercises book = new ClassExercises();
        ScheduledFuture<?> deadlineTimer;
        ScheduledFuture<?> tallyTimer;
        TallyThrottle throttle;
    }

    private static ClassState state(LiveClassroom c) {
        return c.feature(ClassState.class, ClassState::new);
    }

    // ------------------------------------------------------------------ requests

    private void start(LiveClassroom c, ClientConnection conn, StartExerciseRequest req) {
        Participant who = c.lecturerOf(conn, "start exercises");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "exercises run during a lesson");
        }
        ExerciseSpec spec = req.spec();
        ClassState s = state(c);
        Exercise e = s.book.start("ex-" + ids.next(""), lesson.id().value(), who.userId(), spec, clock.instant());
        s.throttle = new TallyThrottle(tallyInterval);
        scheduleDeadline(c, s, e);
        trace.append(List.of(event(c, e, who.userId(), TraceKind.EXERCISE_STARTED, e.startedAt(), startedData(e))))
                .whenCompleteAsync((stored, error) -> {
                    if (error != null) {
                        s.book.discard(e.id());
                        cancel(s.deadlineTimer);
                        conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL,
                                "the exercise could not be recorded; start it again"));
                        report(c, "exercise.started", error);
                        return;
                    }
                    ExerciseView view = ExerciseView.of(e, clock.instant());
                    conn.channel().send(new StartExerciseResponse(req.requestId(), view));
                    if (e.isRunning()) {
                        c.sendTo(p -> true, new ExerciseStartedEvent(view));
                    }
                }, c.lane());
    }

    private void answer(LiveClassroom c, ClientConnection conn, AnswerExerciseRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only trainees answer exercises");
        }
        Exercise e = state(c).book.find(req.exerciseId());
        Instant now = clock.instant();
        if (!e.acceptsAt(now)) {
            late(c, conn, req, who, e, now);
            return;
        }
        Optional<String> locked = gate.refuse(c, who.userId());
        if (locked.isPresent()) {
            throw new ClassroomException(ErrorCode.EXERCISE_LOCKED, locked.get());
        }
        Submission answer = e.accept(who.userId(), who.displayName(), req.choices(), req.text(), now);
        trace.append(List.of(event(c, e, who.userId(), TraceKind.EXERCISE_ANSWER, now, answerData(e, answer))))
                .whenCompleteAsync((stored, error) -> {
                    if (error != null) {
                        if (e.isRunning()) {
                            e.withdraw(who.userId());
                        }
                        conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL,
                                "your answer could not be recorded; send it again"));
                        report(c, "exercise.answer", error);
                        return;
                    }
                    conn.channel().send(new AnswerExerciseResponse(req.requestId(), e.id(), answer.at()));
                    if (e.isRunning()) {
                        tallyChanged(c, e);
                    }
                }, c.lane());
    }

    /** A late answer: refused with 217 once the attempt is on the record. */
    private void late(LiveClassroom c, ClientConnection conn, AnswerExerciseRequest req, Participant who, Exercise e,
                      Instant now) {
        long lateMs = e.lateBy(now).toMillis();
        Map<String, Object> data = new HashMap<>();
        data.put("exerciseId", e.id());
        data.put("lateMs", lateMs);
        if (req.choices() != null) {
            data.put("choices", String.join(",", req.choices().stream().map(String::valueOf).toList()));
        } else {
            data.put("text", req.text());
        }
        String why = e.closeReason() != null && e.closedAt().isBefore(e.deadline())
                ? "this exercise was closed at " + e.closedAt() + " (练习已结束); your answer was not accepted"
                : "the deadline was " + e.deadline() + " by the server's clock and your answer came " + lateMs
                        + " ms after it (练习已截止); it was not accepted";
        trace.append(List.of(event(c, e, who.userId(), TraceKind.EXERCISE_LATE, now, data)))
                .whenCompleteAsync((stored, error) -> {
                    if (error != null) {
                        report(c, "exercise.late-answer", error);
                    }
                    conn.channel().send(ErrorResponse.of(req.requestId(), ErrorCode.EXERCISE_CLOSED, why));
                }, c.lane());
    }

    private void close(LiveClassroom c, ClientConnection conn, CloseExerciseRequest req) {
        Participant who = c.lecturerOf(conn, "close exercises");
        Exercise e = state(c).book.find(req.exerciseId());
        if (!e.isRunning()) {
            throw new ClassroomException(ErrorCode.EXERCISE_CLOSED, "exercise " + e.id() + " is closed already");
        }
        closeNow(c, e, CloseReason.LECTURER).whenCompleteAsync((stored, error) ->
                conn.channel().send(error != null
                        ? ErrorResponse.of(req.requestId(), ErrorCode.INTERNAL,
                                "the exercise is closed, but the close could not be recorded")
                        : new CloseExerciseResponse(req.requestId(), e.id())), c.lane());
    }

    private void list(LiveClassroom c, ClientConnection conn, ListExercisesRequest req) {
        Participant who = c.participantOf(conn);
        if (who.role() == Role.REGULATOR) {
            // trainees' scores are assessment records: regulators read them on the regulator desk, where
            // every read is itself on the record
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "regulators read exercise results on the "
                    + "regulator desk");
        }
        Instant now = clock.instant();
        List<ExerciseSummary> out = state(c).book.all().stream()
                .map(e -> who.role() == Role.TRAINEE ? traineeSummary(e, who.userId(), now) : fullSummary(c, e, now))
                .toList();
        conn.channel().send(new ListExercisesResponse(req.requestId(), out));
    }

    // ------------------------------------------------------------------ class events (on the lane)

    /** The lesson ended: a running exercise closes with it. */
    @Override
    public void onSessionEnded(ClassSession session) {
        classes.apply(session.classroomId()).ifPresent(c ->
                state(c).book.running().ifPresent(e -> closeNow(c, e, CloseReason.LESSON_ENDED)));
    }

    /** Someone joined (or came back) while an exercise runs: they get it, lecturers the tally too. */
    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        classes.apply(classroom).ifPresent(c -> state(c).book.running().ifPresent(e -> {
            Instant now = clock.instant();
            if (!e.acceptsAt(now)) {
                return; // its timer is about to close it
            }
            c.sendToUser(p.userId(), new ExerciseStartedEvent(ExerciseView.of(e, now)));
            if (p.role() == Role.LECTURER) {
                c.sendToUser(p.userId(), tally(c, e));
            }
        }));
    }

    // ------------------------------------------------------------------ the deadline and the close

    private void scheduleDeadline(LiveClassroom c, ClassState s, Exercise e) {
        Duration left = Duration.between(clock.instant(), e.deadline());
        s.deadlineTimer = timers.schedule(() -> c.lane().execute(() -> deadlineDue(c, e)), ceilMillis(left),
                TimeUnit.MILLISECONDS);
    }

    /** On the lane: the timer fired. Closes if the server's clock has reached the deadline, else waits on. */
    private void deadlineDue(LiveClassroom c, Exercise e) {
        if (!e.isRunning()) {
            return;
        }
        if (clock.instant().isBefore(e.deadline())) {
            scheduleDeadline(c, state(c), e); // the timer ran ahead of the clock
            return;
        }
        closeNow(c, e, CloseReason.DEADLINE);
    }

    /**
     * Closes {@code e} now: a waiting tally goes out first, then everyone gets {@code exercise.closed}
     * and each trainee present their {@code exercise.result}. Completes when the close is durable.
     */
    private java.util.concurrent.CompletionStage<?> closeNow(LiveClassroom c, Exercise e, CloseReason reason) {
        ClassState s = state(c);
        cancel(s.deadlineTimer);
        s.deadlineTimer = null;
        Instant now = clock.instant();
        e.close(now, reason, expected(c, e));
        if (s.throttle != null && s.throttle.pending()) {
            cancel(s.tallyTimer);
            sendTally(c, s, e);
        }
        c.sendTo(p -> true, ExerciseClosedEvent.of(e));
        Double rate = e.correctRate();
        for (Participant p : c.participants()) {
            if (p.role() == Role.TRAINEE) {
                c.sendToUser(p.userId(), new ExerciseResultEvent(e.id(),
                        e.answerOf(p.userId()).map(a -> YourAnswer.of(a, true)).orElse(null), rate));
            }
        }
        Map<String, Object> data = new HashMap<>(Map.of("exerciseId", e.id(), "reason", reason.wire(),
                "answered", e.answered(), "expected", e.expectedAtClose()));
        if (e.spec().scored()) {
            data.put("correctCount", e.correctCount());
        }
        return trace.append(List.of(event(c, e, e.startedBy(), TraceKind.EXERCISE_CLOSED, now, data)))
                .whenComplete((stored, error) -> {
                    if (error != null) {
                        report(c, "exercise.closed", error);
                    }
                });
    }

    /** Trainees present now, and those who answered and left. */
    private static int expected(LiveClassroom c, Exercise e) {
        Set<UserId> who = new HashSet<>();
        c.participants().stream().filter(p -> p.role() == Role.TRAINEE).forEach(p -> who.add(p.userId()));
        e.answers().forEach(a -> who.add(a.userId()));
        return who.size();
    }

    // ------------------------------------------------------------------ the lecturers' tally

    private void tallyChanged(LiveClassroom c, Exercise e) {
        ClassState s = state(c);
        TallyThrottle throttle = s.throttle;
        throttle.changed(clock.instant()).ifPresent(delay -> {
            if (delay.isZero()) {
                sendTally(c, s, e);
                return;
            }
            s.tallyTimer = timers.schedule(() -> c.lane().execute(() -> {
                if (throttle.pending() && e.isRunning()) {
                    sendTally(c, s, e);
                }
            }), ceilMillis(delay), TimeUnit.MILLISECONDS);
        });
    }

    private void sendTally(LiveClassroom c, ClassState s, Exercise e) {
        s.throttle.sent(clock.instant());
        c.sendTo(p -> p.role() == Role.LECTURER, tally(c, e));
    }

    private static ServerMessage tally(LiveClassroom c, Exercise e) {
        return new ExerciseTallyEvent(e.id(), e.answered(), e.isRunning() ? expected(c, e) : e.expectedAtClose(),
                e.counts(), e.answers().stream().map(AnswerView::of).toList());
    }

    // ------------------------------------------------------------------ views

    private static ExerciseSummary fullSummary(LiveClassroom c, Exercise e, Instant now) {
        boolean running = e.isRunning();
        return new ExerciseSummary(e.sessionId(), ExerciseView.of(e, now), running ? "running" : "closed",
                e.closedAt(), e.closeReason(), e.spec().key(), e.correctRate(), e.answered(),
                running ? expected(c, e) : e.expectedAtClose(), e.answers().stream().map(AnswerView::of).toList(),
                null);
    }

    /** A trainee's own view: the key and the class's rate only once closed; never others' answers. */
    private static ExerciseSummary traineeSummary(Exercise e, UserId user, Instant now) {
        boolean closed = !e.isRunning();
        return new ExerciseSummary(e.sessionId(), ExerciseView.of(e, now), closed ? "closed" : "running",
                e.closedAt(), e.closeReason(), closed ? e.spec().key() : null, closed ? e.correctRate() : null,
                null, null, null, e.answerOf(user).map(a -> YourAnswer.of(a, closed)).orElse(null));
    }

    // ------------------------------------------------------------------ the trace

    private static Map<String, Object> startedData(Exercise e) {
        ExerciseSpec spec = e.spec();
        Map<String, Object> d = new HashMap<>();
        d.put("exerciseId", e.id());
        d.put("kind", spec.kind().wire());
        d.put("prompt", spec.prompt());
        d.put("optionCount", spec.options().size());
        for (int i = 0; i < spec.options().size(); i++) {
            d.put("option" + i, spec.options().get(i));
        }
        if (spec.scored()) {
            d.put("correct", spec.kind().hasOptions()
                    ? String.join(",", spec.correct().stream().map(String::valueOf).toList())
                    : String.join("\n", spec.accepted()));
        }
        d.put("seconds", spec.seconds());
        d.put("points", spec.points());
        d.put("deadline", e.deadline().toString());
        return d;
    }

    /** What assessment (Art. 24(2)) reads: the answer, its mark and score, and how fast it came. */
    private static Map<String, Object> answerData(Exercise e, Submission s) {
        Map<String, Object> d = new HashMap<>();
        d.put("exerciseId", e.id());
        if (s.answer().choices() != null) {
            d.put("choices", s.answer().choicesText());
        } else {
            d.put("text", s.answer().text());
        }
        d.put("scored", s.correct() != null);
        if (s.correct() != null) {
            d.put("correct", s.correct());
            d.put("score", s.score());
        }
        d.put("latencyMs", s.latencyMs());
        return d;
    }

    private TraceEvent event(LiveClassroom c, Exercise e, UserId user, TraceKind kind, Instant at,
                             Map<String, Object> data) {
        return new TraceEvent(-1, c.id(), e.sessionId(), user, kind, at, "srv/" + ids.next("ex-"), null, data);
    }

    /** Hands a failure to the lane's error handler, which logs it. */
    private static void report(LiveClassroom c, String what, Throwable error) {
        c.lane().execute(() -> {
            throw new IllegalStateException("could not record " + what + " in " + c.id(), error);
        });
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Whole milliseconds, rounded up: a timer never fires before the moment it waits for. */
    private static long ceilMillis(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return 0;
        }
        long ms = d.toMillis();
        return d.minusMillis(ms).isZero() ? ms : ms + 1;
    }
}
