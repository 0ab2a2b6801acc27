package org.wlcy.classroom.like;

import java.time.InstantSource;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.protocol.LikeMessages.LikesUpdatedEvent;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeRequest;
import org.wlcy.classroom.protocol.LikeMessages.SendLikeResponse;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.quiz.TallyThrottle;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * Likes (点赞) in a live lesson. They are not rate-limited but coalesced: each {@code like.send}
 * only adds to the lesson's counter, and the class hears {@code likes.updated} at most once per
 * window (500 ms) through a {@link TallyThrottle}: the first like of a quiet moment at once, the
 * likes of the next window together at its end. So 30 trainees clicking 30 times a second cost
 * each page two messages a second, not 900. Not traced (a like is not learning evidence).
 */
public final class LikeService implements ClassSessionListener {
    private final InstantSource clock;
    private final Scheduler timers;
    private final InteractionPolicy policy;
    private final InteractionGuard guard;
    private Classrooms classrooms;

    public LikeService(InstantSource clock, Scheduler timers, InteractionPolicy policy, InteractionGuard guard) {
        this.clock = clock;
        this.timers = timers;
        this.policy = policy;
        this.guard = guard;
    }

    public void register(MessageRouter router, Classrooms classrooms) {
        this.classrooms = classrooms;
        router.on(SendLikeRequest.class, this::send);
    }

    /** One lesson's likes: the counter, its throttle, and the likes given in each breakout group. */
    private record LessonLikes(String sessionId, LikeCounter counter, TallyThrottle throttle,
                               java.util.Map<GroupId, Long> byGroup) {
    }

    /** The likes of the class's current (or last) lesson. */
    private static final class ClassLikes {
        LessonLikes lesson;
    }

    private LessonLikes lessonLikes(LiveClassroom c, ClassSession lesson) {
        ClassLikes likes = c.feature(ClassLikes.class, ClassLikes::new);
        if (likes.lesson == null || !likes.lesson.sessionId().equals(lesson.id().value())) {
            likes.lesson = new LessonLikes(lesson.id().value(), new LikeCounter(),
                    new TallyThrottle(policy.likeWindow()), new java.util.HashMap<>());
        }
        return likes.lesson;
    }

    /** The likes of the class's live lesson so far (0 without one); on the lane (the practice room's dashboard). */
    public static long lessonTotal(LiveClassroom c) {
        ClassSession lesson = c.liveSession();
        ClassLikes likes = c.feature(ClassLikes.class, ClassLikes::new);
        return lesson == null || likes.lesson == null || !likes.lesson.sessionId().equals(lesson.id().value()) ? 0
                : likes.lesson.counter().total();
    }

    /**
     * The likes given in breakout group {@code group} during the live lesson (by those in it when they
     * liked; {@code null}: the whole lesson's, {@link #lessonTotal}); on the lane (a group's live room).
     */
    public static long lessonTotal(LiveClassroom c, GroupId group) {
        if (group == null) {
            return lessonTotal(c);
        }
        ClassSession lesson = c.liveSession();
        ClassLikes likes = c.feature(ClassLikes.class, ClassLikes::new);
        return lesson == null || likes.lesson == null || !likes.lesson.sessionId().equals(lesson.id().value()) ? 0
                : likes.lesson.byGroup().getOrDefault(group, 0L);
    }

    private void send(LiveClassroom c, ClientConnection conn, SendLikeRequest m) {
        guard.speaker(c, conn, "send likes");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "likes are for live lessons; none is live");
        }
        LessonLikes likes = lessonLikes(c, lesson);
        likes.counter().add(m.count(), clock.instant());
        c.groupOf(c.participantOf(conn).userId()).ifPresent(g -> likes.byGroup().merge(g, (long) m.count(), Long::sum));
        conn.channel().send(new SendLikeResponse(m.requestId()));
        likes.throttle().changed(clock.instant()).ifPresent(delay -> {
            if (delay.isZero()) {
                broadcast(c, likes);
                return;
            }
            timers.schedule(delay, () -> c.lane().execute(() -> {
                ClassSession now = c.liveSession();
                if (likes.throttle().pending() && now != null && now.id().value().equals(likes.sessionId())) {
                    broadcast(c, likes);
                }
            }));
        });
    }

    private void broadcast(LiveClassroom c, LessonLikes likes) {
        likes.throttle().sent(clock.instant());
        c.sendTo(p -> true, event(likes));
    }

    private LikesUpdatedEvent event(LessonLikes likes) {
        return new LikesUpdatedEvent(likes.counter().total(), likes.counter().lastSecond(clock.instant()));
    }

    /** Someone who joins a lesson that has likes sees the count at once. */
    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        if (classrooms == null) {
            return;
        }
        classrooms.find(classroom).ifPresent(c -> {
            ClassSession lesson = c.liveSession();
            ClassLikes likes = c.feature(ClassLikes.class, ClassLikes::new);
            if (lesson != null && likes.lesson != null && likes.lesson.sessionId().equals(lesson.id().value())
                    && likes.lesson.counter().total() > 0) {
                c.sendToUser(p.userId(), event(likes.lesson));
            }
        });
    }
}
