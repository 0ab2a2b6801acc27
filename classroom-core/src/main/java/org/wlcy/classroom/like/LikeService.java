package org.wlcy.classroom.like;

import java.time.InstantSource;
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
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * Likes (点赞) in a live lesson. They are not rate-limited but coalesced: each {@code like.send}
 * only adds to the lesson's counter, and the class gets one {@code likes.updated} per window
 * (500 ms): the first like of a quiet class arms a timer, likes during the window ride along, and
 * the timer's broadcast disarms it. So 30 trainees clicking 30 times a second cost each page two
 * messages a second, not 900. Not traced (a like is not learning evidence).
 */
public final class LikeService implements ClassSessionListener {
    private final InstantSource clock;
    private final Scheduler scheduler;
    private final InteractionPolicy policy;
    private final InteractionGuard guard;
    private Classrooms classrooms;

    public LikeService(InstantSource clock, Scheduler scheduler, InteractionPolicy policy, InteractionGuard guard) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.policy = policy;
        this.guard = guard;
    }

    public void register(MessageRouter router, Classrooms classrooms) {
        this.classrooms = classrooms;
        router.on(SendLikeRequest.class, this::send);
    }

    /** One class's likes: the counter of the current lesson and whether a broadcast is armed. */
    private static final class ClassLikes {
        String sessionId;
        LikeCounter counter = new LikeCounter();
        boolean armed;

        LikeCounter of(ClassSession lesson) {
            if (!lesson.id().value().equals(sessionId)) {
                sessionId = lesson.id().value();
                counter = new LikeCounter();
            }
            return counter;
        }
    }

    private static ClassLikes of(LiveClassroom c) {
        return c.feature(ClassLikes.class, ClassLikes::new);
    }

    private void send(LiveClassroom c, ClientConnection conn, SendLikeRequest m) {
        guard.speaker(c, conn, "send likes");
        ClassSession lesson = c.liveSession();
        if (lesson == null) {
            throw new ClassroomException(ErrorCode.NO_LIVE_SESSION, "likes are for live lessons; none is live");
        }
        ClassLikes likes = of(c);
        likes.of(lesson).add(m.count(), clock.instant());
        conn.channel().send(new SendLikeResponse(m.requestId()));
        if (!likes.armed) {
            likes.armed = true;
            scheduler.schedule(policy.likeWindow(), () -> c.lane().execute(() -> broadcast(c, likes)));
        }
    }

    private void broadcast(LiveClassroom c, ClassLikes likes) {
        likes.armed = false;
        ClassSession lesson = c.liveSession();
        if (lesson == null || !lesson.id().value().equals(likes.sessionId)) {
            return; // the lesson ended in the window; its total was shown up to the last window
        }
        c.sendTo(p -> true, new LikesUpdatedEvent(likes.counter.total(), likes.counter.lastSecond(clock.instant())));
    }

    /** Someone who joins a lesson that has likes sees the count at once. */
    @Override
    public void onParticipantJoined(ClassroomId classroom, Participant p) {
        if (classrooms == null) {
            return;
        }
        classrooms.find(classroom).ifPresent(c -> {
            ClassSession lesson = c.liveSession();
            ClassLikes likes = of(c);
            if (lesson != null && lesson.id().value().equals(likes.sessionId) && likes.counter.total() > 0) {
                c.sendToUser(p.userId(), new LikesUpdatedEvent(likes.counter.total(),
                        likes.counter.lastSecond(clock.instant())));
            }
        });
    }
}
