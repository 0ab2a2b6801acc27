package org.wlcy.classroom.proctoring.attendance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One scheduled class session of a class.
 *
 * @param id         the session id its trace events carry ({@link org.wlcy.classroom.trace.TraceEvent#sessionId()})
 * @param start      scheduled start (server time)
 * @param end        scheduled end
 * @param mode       online or offline
 * @param classHours the class hours (课时) it is worth; its teaching time is
 *                   {@code classHours × classHour}, which must fit between start and end (the rest
 *                   is breaks)
 */
public record Lesson(String id, Instant start, Instant end, LessonMode mode, int classHours) {
    public Lesson {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(mode, "mode");
        if (id.isBlank()) {
            throw new IllegalArgumentException("lesson id must not be blank");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("lesson " + id + " must end after it starts");
        }
        if (classHours < 0) {
            throw new IllegalArgumentException("lesson " + id + " cannot be worth negative class hours");
        }
    }

    /** A lesson worth as many whole class hours as fit between start and end. */
    public static Lesson timed(String id, Instant start, Instant end, LessonMode mode, AttendancePolicy policy) {
        long hours = Duration.between(start, end).toMinutes() / policy.classHourMinutes();
        return new Lesson(id, start, end, mode, (int) hours);
    }

    /**
     * Minutes of teaching: {@code classHours × classHour}; a lesson shorter than one class hour
     * (worth 0, e.g. a live session ended early) teaches its own length (at least a minute).
     */
    public long teachingMinutes(AttendancePolicy policy) {
        return classHours == 0 ? Math.max(1, scheduledMinutes()) : classHours * policy.classHourMinutes();
    }

    /** Scheduled length in whole minutes, breaks included. */
    public long scheduledMinutes() {
        return Duration.between(start, end).toMinutes();
    }

    /** The lesson's date in {@code zone}. */
    public LocalDate date(ZoneId zone) {
        return start.atZone(zone).toLocalDate();
    }
}
