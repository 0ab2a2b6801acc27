package org.wlcy.classroom.gateway.interaction;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.chat.ChatService;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.danmaku.DanmakuService;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Live interaction wired from the configuration: one sensitive-word filter and guard shared by
 * chat, danmaku and likes, writing to the proctoring module's trace and reading danmaku back from
 * its store (on its blocking executor), plus the timer thread that broadcasts likes.
 */
public final class InteractionWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionWiring.class);
    private final ScheduledExecutorService timers;
    private final ChatService chat;
    private final DanmakuService danmaku;
    private final LikeService likes;

    private InteractionWiring(ScheduledExecutorService timers, ChatService chat, DanmakuService danmaku,
                              LikeService likes) {
        this.timers = timers;
        this.chat = chat;
        this.danmaku = danmaku;
        this.likes = likes;
    }

    public static InteractionWiring open(GatewayConfig.Interaction config, InstantSource clock,
                                         ProctoringWiring proctoring) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "interaction-timers");
            t.setDaemon(true);
            return t;
        });
        SensitiveWordFilter filter = new SensitiveWordFilter(config.words(), config.filterMode());
        LOG.info("sensitive-word filter: {} words ({}), mode {}", filter.size(), config.words().source(),
                config.filterMode().name().toLowerCase(java.util.Locale.ROOT));
        InteractionGuard guard = new InteractionGuard(filter, clock);
        InteractionPolicy policy = config.policy();
        IdGenerator ids = IdGenerator.random();
        TraceLog trace = proctoring.trace();
        return new InteractionWiring(timers,
                new ChatService(trace, clock, ids, policy, guard),
                new DanmakuService(trace, c -> proctoring.store().read(c, 0, Integer.MAX_VALUE), proctoring.blocking(),
                        clock, ids, policy, guard),
                new LikeService(clock, (delay, task) -> timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS),
                        policy, guard));
    }

    /** What this module listens to in every class (joiners are told of mutes, danmaku off, likes). */
    public List<ClassSessionListener> listeners() {
        return List.of(chat, danmaku, likes);
    }

    /** Adds the chat, danmaku and likes handlers to the router. */
    public void register(MessageRouter router, Classrooms classrooms) {
        chat.register(router, classrooms);
        danmaku.register(router, classrooms);
        likes.register(router, classrooms);
    }

    /** Stops the timers (before the lanes stop). */
    @Override
    public void close() {
        timers.shutdownNow();
    }
}
