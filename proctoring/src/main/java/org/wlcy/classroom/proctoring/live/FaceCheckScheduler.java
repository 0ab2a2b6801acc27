package org.wlcy.classroom.proctoring.live;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.MediaMessages.StreamView;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.stream.StreamKind;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Looks at each consenting trainee's proctoring camera at random intervals during a lesson
 * (音视频监控, Art. 24(3)): the check runs on the media server's copy of the stream, so a page
 * cannot fake it. The result (not the image) goes to the trace and the lecturers' wall. Trainees
 * who declined consent are never checked; the wall shows them for a roll call instead.
 */
public final class FaceCheckScheduler implements ClassSessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(FaceCheckScheduler.class);

    /** Runs one check of a publisher's video: {@code face}, {@code no-face}, {@code many-faces}, {@code no-video}. */
    public interface Checker {
        java.util.concurrent.CompletionStage<Result> check(Publisher publisher);
    }

    /** What a check found; {@code frameSha256} identifies the frame without keeping it. */
    public record Result(String outcome, int faces, String frameSha256) {
    }

    private final Checker checker;
    private final TraceLog trace;
    private final InstantSource clock;
    private final ScheduledExecutorService timers;
    private final Duration min;
    private final Duration max;
    private final IdGenerator ids;
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private Function<ClassroomId, java.util.Optional<LiveClassroom>> classes = id -> java.util.Optional.empty();
    private ProctoringService proctoring;

    public FaceCheckScheduler(Checker checker, TraceLog trace, InstantSource clock, ScheduledExecutorService timers,
                              Duration min, Duration max, IdGenerator ids) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("face check interval must be 0 <= min <= max");
        }
        this.checker = checker;
        this.trace = trace;
        this.clock = clock;
        this.timers = timers;
        this.min = min;
        this.max = max;
        this.ids = ids;
    }

    /** Resolves classes and the wall it updates. */
    public void attach(Classrooms classrooms, ProctoringService proctoring) {
        this.classes = classrooms::find;
        this.proctoring = proctoring;
    }

    @Override
    public void onStreamPublished(ClassroomId classroom, StreamView stream) {
        if (stream.kind() == StreamKind.PROCTOR) {
            schedule(classroom, stream.userId());
        }
    }

    @Override
    public void onStreamUnpublished(ClassroomId classroom, StreamView stream, LeaveReason reason) {
        if (stream.kind() == StreamKind.PROCTOR) {
            ScheduledFuture<?> f = scheduled.remove(key(classroom, stream.userId()));
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private void schedule(ClassroomId classroom, UserId user) {
        long span = max.toMillis() - min.toMillis();
        long delay = min.toMillis() + (span == 0 ? 0 : ThreadLocalRandom.current().nextLong(span + 1));
        ScheduledFuture<?> f = timers.schedule(() -> classes.apply(classroom)
                .ifPresent(c -> c.lane().execute(() -> due(c, user))), delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = scheduled.put(key(classroom, user), f);
        if (old != null) {
            old.cancel(false);
        }
    }

    /** On the lane: check now if the trainee still publishes, consented, and the lesson is live. */
    private void due(LiveClassroom c, UserId user) {
        String k = key(c.id(), user);
        if (!scheduled.containsKey(k)) {
            return;
        }
        var publisher = c.publisherOf(user, StreamKind.PROCTOR);
        if (publisher.isEmpty() || c.liveSession() == null) {
            scheduled.remove(k);
            return;
        }
        TraineeWatch w = ProctoringService.of(c).watch(user);
        if (w == null || !"granted".equals(w.consent)) {
            schedule(c.id(), user); // no consent (yet): look again later, check nothing now
            return;
        }
        checker.check(publisher.get()).whenCompleteAsync((result, error) -> {
            if (error != null) {
                LOG.warn("face check of {} in {} failed: {}", user, c.id(), error.toString());
            } else {
                record(c, user, result);
            }
            if (scheduled.containsKey(k)) {
                schedule(c.id(), user);
            }
        }, c.lane());
    }

    private void record(LiveClassroom c, UserId user, Result result) {
        TraineeWatch w = ProctoringService.of(c).watch(user);
        if (w != null) {
            w.faceCheck = result.outcome();
            w.faceCheckAt = clock.instant();
        }
        Map<String, Object> data = new HashMap<>(Map.of("result", result.outcome(), "faces", result.faces()));
        if (result.frameSha256() != null) {
            data.put("frameSha256", result.frameSha256());
        }
        var s = c.liveSession();
        trace.append(List.of(new TraceEvent(-1, c.id(), s == null ? null : s.id().value(), user, TraceKind.FACE_CHECK,
                clock.instant(), "srv/" + ids.next("face-"), null, data))).whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.error("could not record a face check of {} in {}", user, c.id(), e);
                    }
                });
        if (proctoring != null) {
            proctoring.pushWall(c);
        }
        if ("no-face".equals(result.outcome()) || "many-faces".equals(result.outcome())) {
            LOG.info("face check of {} in {}: {}", user, c.id(), result.outcome());
        }
    }

    private static String key(ClassroomId c, UserId u) {
        return c.value() + "|" + u.value();
    }
}
