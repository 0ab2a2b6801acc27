package org.wlcy.classroom.gateway.interaction;

import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.chat.ChatService;
import org.wlcy.classroom.chat.InteractionGuard;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.danmaku.DanmakuService;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.lane.Scheduler;
import org.wlcy.classroom.like.LikeService;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.session.ServerTrace;

/**
 * Chat, danmaku and likes wired from the configuration: one sensitive-word filter and guard shared
 * by the three, writing to the proctoring module's trace and reading danmaku back from its store
 * (on its blocking executor); likes are broadcast on the gateway's timer thread.
 */
public final class InteractionWiring {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionWiring.class);
    private final ChatService chat;
    private final DanmakuService danmaku;
    private final LikeService likes;
    private final InteractionGuard guard;

    private InteractionWiring(ChatService chat, DanmakuService danmaku, LikeService likes, InteractionGuard guard) {
        this.chat = chat;
        this.danmaku = danmaku;
        this.likes = likes;
        this.guard = guard;
    }

    /** The one guard (sensitive-word filter) for other features that show typed text to the class (issue I). */
    public InteractionGuard guard() {
        return guard;
    }

    public static InteractionWiring open(GatewayConfig.Interaction config, InstantSource clock, IdGenerator ids,
                                         Scheduler timers, ProctoringWiring proctoring) {
        SensitiveWordFilter filter = new SensitiveWordFilter(config.words(), config.filterMode());
        LOG.info("sensitive-word filter: {} words ({}), mode {}", filter.size(), config.words().source(),
                config.filterMode().name().toLowerCase(java.util.Locale.ROOT));
        InteractionGuard guard = new InteractionGuard(filter, clock);
        InteractionPolicy policy = config.policy();
        ServerTrace trace = new ServerTrace(proctoring.trace(), clock, ids);
        return new InteractionWiring(
                new ChatService(trace, ids, policy, guard),
                new DanmakuService(trace, c -> proctoring.store().read(c, 0, Integer.MAX_VALUE), proctoring.blocking(),
                        clock, ids, policy, guard),
                new LikeService(clock, timers, policy, guard), guard);
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
}
