package org.wlcy.classroom.danmaku;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.chat.RateLimiter;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuShownEvent;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuToggledEvent;
import org.wlcy.classroom.protocol.DanmakuMessages.DanmakuView;
import org.wlcy.classroom.protocol.DanmakuMessages.ListDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.ListDanmakuResponse;
import org.wlcy.classroom.protocol.DanmakuMessages.SendDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.SendDanmakuResponse;
import org.wlcy.classroom.protocol.DanmakuMessages.ToggleDanmakuRequest;
import org.wlcy.classroom.protocol.DanmakuMessages.ToggleDanmakuResponse;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.LiveClassroom;
import org.wlcy.classroom.session.ServerTrace;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Danmaku (弹幕) in live lessons: short one-line comments shown to the whole class at
 * {@code mediaTimeMs} since the lesson started, screened like chat, switched off and on by
 * lecturers. Every danmaku is a {@code danmaku.sent} trace event, shown only once durable; the
 * trace is also where {@code danmaku.list} reads a lesson's danmaku back for its replay.
 */
public final class DanmakuService implements ClassSessionListener {
    /** The colour of a danmaku sent without one. */
    public static final String DEFAULT_COLOR = "#ffffff";
    private final ServerTrace trace;
    private final Function<ClassroomId, List<TraceEvent>> history;
    private final Executor blocking;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final InteractionPolicy policy;
    private final InteractionGuard guard;
    private Classrooms classrooms;

    /**
     * @param history  reads a class's whole trace (blocking: runs on {@code blocking}, never on a lane)
     */
    public DanmakuService(ServerTrace trace, Function<ClassroomId, List<TraceEvent>> history, Executor blocking,
                          InstantSource clock, IdGenerator ids, InteractionPolicy policy, InteractionGuard guard) {
        this.trace = trace;
        this.history = history;
        this.blocking = blocking;
        this.clock = clock;
        this.ids = ids;
        this.policy = policy;
        this.guard = guard;
    }

    public void register(MessageRouter router, Classrooms classrooms) {
        this.classrooms = classrooms;
        router.on(SendDanmakuRequest.class, this::send);
        router.on(ToggleDanmakuRequest.class, this::toggle);
        router.on(ListDanmakuRequest.class, this::list);
    }

    /** One class's danmaku switch and the trainees' rate. */
    private static final class ClassDanmaku {
        final RateLimiter<UserId> limits;
        boolean enabled = true;
        UserId toggledBy;

        ClassDanmaku(InteractionPolicy policy) {
            limits = new RateLimiter<>(policy.danmaku());
        }
    }

    private ClassDanmaku of(LiveClassroom c) {
        return c.feature(ClassDanmaku.class, () -> new ClassDanmaku(policy));
    }

    // ------------------------------------------------------------------ requests

    private void send(LiveClassroom c, ClientConnection conn, SendDanmakuRequest m) {
        Participant who = guard.speaker(c, conn, "send danmaku");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "danmaku is for live lessons; none is live");
        }
        ClassDanmaku d = of(c);
        if (!d.enabled) {
            throw new ClassroomException(ErrorCode.DANMAKU_OFF, "the lecturers switched danmaku off (弹幕已关闭)");
        }
        guard.notMuted(c, who);
        guard.withinRate(d.limits, who, "danmaku");
        SensitiveWordFilter.Outcome screened = guard.screen(m.text());
        long mediaTimeMs = Math.max(0, Duration.between(lesson.startedAt(), clock.instant()).toMillis());
        String danmakuId = ids.next("dm-");
        String color = m.color() == null ? DEFAULT_COLOR : m.color();
        trace.append(c, who.userId(), TraceKind.DANMAKU, Map.of("danmakuId", danmakuId, "name", who.displayName(),
                "text", screened.text(), "color", color, "mediaTimeMs", mediaTimeMs,
                "length", m.text().codePointCount(0, m.text().length()), "masked", screened.masked()))
                .whenCompleteAsync((stored, error) -> {
                    if (error != null) {
                        conn.channel().send(ErrorResponse.of(m.requestId(), ErrorCode.INTERNAL,
                                "your danmaku could not be recorded; send it again"));
                        return;
                    }
                    DanmakuView view = view(stored.get(0));
                    conn.channel().send(new SendDanmakuResponse(m.requestId(), view));
                    c.sendTo(p -> true, new DanmakuShownEvent(view));
                }, c.lane());
    }

    private void toggle(LiveClassroom c, ClientConnection conn, ToggleDanmakuRequest m) {
        Participant lecturer = guard.lecturer(c, conn, "switch danmaku on or off");
        ClassDanmaku d = of(c);
        d.enabled = m.enabled();
        d.toggledBy = lecturer.userId();
        conn.channel().send(new ToggleDanmakuResponse(m.requestId(), d.enabled));
        c.sendTo(p -> true, new DanmakuToggledEvent(d.enabled, lecturer.userId()));
    }

    private void list(LiveClassroom c, ClientConnection conn, ListDanmakuRequest m) {
        c.participantOf(conn);
        String sessionId = m.sessionId();
        if (sessionId == null) {
            ClassSession live = c.liveSession();
            if (live == null) {
                throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "no lesson is live; name its sessionId");
            }
            sessionId = live.id().value();
        }
        String lesson = sessionId;
        blocking.execute(() -> {
            List<DanmakuView> items;
            try {
                items = history.apply(c.id()).stream()
                        .filter(e -> e.kind() == TraceKind.DANMAKU && lesson.equals(e.sessionId()))
                        .map(DanmakuService::view)
                        .sorted(Comparator.comparingLong(DanmakuView::mediaTimeMs))
                        .toList();
            } catch (RuntimeException e) {
                conn.channel().send(ErrorResponse.of(m.requestId(), ErrorCode.INTERNAL,
                        "the danmaku could not be read; try again"));
                return;
            }
            conn.channel().send(new ListDanmakuResponse(m.requestId(), lesson, items));
        });
    }

    /** A danmaku as the trace holds it: the same view live and in the replay. */
    private static DanmakuView view(TraceEvent e) {
        Map<String, Object> d = e.data();
        return new DanmakuView(String.valueOf(d.get("danmakuId")), e.userId(), String.valueOf(d.get("name")),
                String.valueOf(d.get("text")), String.valueOf(d.getOrDefault("color", DEFAULT_COLOR)),
                d.get("mediaTimeMs") instanceof Long ms ? ms : 0L, e.recordedAt(),
                Boolean.TRUE.equals(d.get("masked")));
    }

    // ------------------------------------------------------------------ class events (on the lane)

    /** Someone who joins while danmaku is off is told so at once. */
    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        if (classrooms == null) {
            return;
        }
        classrooms.find(classroom).ifPresent(c -> {
            ClassDanmaku d = of(c);
            if (!d.enabled) {
                c.sendToUser(p.userId(), new DanmakuToggledEvent(false, d.toggledBy));
            }
        });
    }
}
