package org.wlcy.classroom.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;

/**
 * Keeps each live lesson in Redis ({@code class:<id>:session}) so that the node that takes over a
 * class after its node died goes on with the same lesson. Writes are asynchronous; a write lost
 * while Redis is away is repaired by the next lesson start (the live lesson keeps running here).
 */
public final class LessonMirror implements ClassSessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(LessonMirror.class);
    private final ClusterBus bus;
    private final ObjectMapper mapper;

    public LessonMirror(ClusterBus bus, ObjectMapper mapper) {
        this.bus = bus;
        this.mapper = mapper;
    }

    @Override
    public void onSessionStarted(ClassSession session) {
        try {
            bus.put(ClusterSignalling.sessionKey(session.classroomId()), mapper.writeValueAsString(session),
                    Duration.ofDays(1)).whenComplete((ok, e) -> {
                        if (e != null) {
                            LOG.warn("lesson {} not mirrored to Redis: {}", session.id().value(), e.toString());
                        }
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        bus.delete(ClusterSignalling.sessionKey(session.classroomId()));
    }
}
