package org.wlcy.classroom.trace;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The port through which everything learning-relevant is written down: one append-only log per
 * class. Implemented by the {@code proctoring} module (durable, tamper-evident); the domain only
 * appends.
 */
public interface TraceLog {

    /**
     * Appends events in order. Completes only once they are durable (fsync'd or committed), with
     * each event as stored (its index set). An event whose {@code eventId} the class's log already
     * holds is not stored again: the stored original is returned in its place, so a client that
     * resends after a reconnect is acknowledged without duplicates.
     */
    CompletionStage<List<TraceEvent>> append(List<TraceEvent> events);

    /** A log that keeps nothing (tests of unrelated features). */
    TraceLog NONE = events -> java.util.concurrent.CompletableFuture.completedFuture(events);
}
