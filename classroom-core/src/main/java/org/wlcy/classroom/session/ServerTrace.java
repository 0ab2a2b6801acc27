package org.wlcy.classroom.session;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Writes events the server itself observed into a class's trace: stamped with the server's clock,
 * the live lesson, and a server event id ({@code srv/...}).
 */
public final class ServerTrace {
    private static final System.Logger LOG = System.getLogger(ServerTrace.class.getName());
    private final TraceLog log;
    private final InstantSource clock;
    private final IdGenerator ids;

    public ServerTrace(TraceLog log, InstantSource clock, IdGenerator ids) {
        this.log = log;
        this.clock = clock;
        this.ids = ids;
    }

    /** Appends one event; completes once it is durable. */
    public CompletionStage<List<TraceEvent>> append(LiveClassroom c, UserId user, TraceKind kind,
                                                    Map<String, Object> data) {
        ClassSession s = c.liveSession();
        return log.append(List.of(new TraceEvent(-1, c.id(), s == null ? null : s.id().value(), user, kind,
                clock.instant(), "srv/" + ids.next(""), null, data)));
    }

    /** Appends one event without waiting; a failure is logged. */
    public void record(LiveClassroom c, UserId user, TraceKind kind, Map<String, Object> data) {
        append(c, user, kind, data).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.ERROR, "could not record " + kind.wire() + " for " + user + " in "
                        + c.id(), error);
            }
        });
    }
}
