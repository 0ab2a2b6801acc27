package org.wlcy.classroom.proctoring.attendance;

import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * The lessons a class has on its plan that its trace cannot show: offline lessons (线下), which have
 * no live session. A port: the proctoring module does not know where plans are kept; the gateway
 * supplies it from the approved class-opening plans ({@code docs/attendance-rules.md}, "Where offline
 * lessons come from"). Must not block for long: it is asked once per class report.
 */
@FunctionalInterface
public interface PlannedLessons {
    /** No planned lessons: every lesson comes from the trace. */
    PlannedLessons NONE = classroom -> List.of();

    /** The class's planned lessons, in any order. */
    List<Lesson> of(ClassroomId classroom);
}
