package org.wlcy.classroom.playback.replay;

import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Reads a class's learning trace between two server times (the proctoring module's trace store
 * in production). Called on a job thread; may block.
 */
@FunctionalInterface
public interface ClassTraceReader {
    List<TraceEvent> read(ClassroomId classroom, Instant from, Instant to) throws Exception;

    /** Reads nothing (no trace: an empty timeline). */
    ClassTraceReader NONE = (classroom, from, to) -> List.of();
}
