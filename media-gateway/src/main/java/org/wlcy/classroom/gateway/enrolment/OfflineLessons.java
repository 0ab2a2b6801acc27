package org.wlcy.classroom.gateway.enrolment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.enrolment.opening.LessonDay;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.attendance.Lesson;
import org.wlcy.classroom.proctoring.attendance.LessonMode;
import org.wlcy.classroom.proctoring.attendance.PlannedLessons;

/**
 * The offline (线下) lessons of the classes' approved plans, for attendance (docs/attendance-rules.md,
 * "Where offline lessons come from"). Each offline day of an approved plan is one OFFLINE lesson:
 * id {@code offline-<date>}, starting at 09:00 in the class's zone and lasting its class hours with a
 * 10-minute break after each one ({@code classHours × (classHour + 10 min)}), worth its class hours.
 * A plan has no times of day, so the window is fixed; an offline lesson has no lateness or early
 * leaving measured by the window unless a trainee signs in themselves. An approved plan changes no
 * more, so approved classes' lessons are kept once computed; other classes have none.
 */
public final class OfflineLessons implements PlannedLessons {
    /** When an offline day's lesson is taken to start, in the class's zone. */
    public static final LocalTime DAY_START = LocalTime.of(9, 0);
    /** The break after each class hour. */
    public static final Duration BREAK = Duration.ofMinutes(10);
    private final EnrolmentService service;
    private final AttendancePolicy policy;
    private final Map<String, List<Lesson>> approved = new ConcurrentHashMap<>();

    public OfflineLessons(EnrolmentService service, AttendancePolicy policy) {
        this.service = service;
        this.policy = policy;
    }

    /** The session id an offline day's events (its roll call) carry. */
    public static String lessonId(LocalDate date) {
        return "offline-" + date;
    }

    /** The plan's offline days as lessons, in date order. */
    public static List<Lesson> of(ClassPlan plan, AttendancePolicy policy) {
        return plan.days().stream().filter(d -> !d.online()).sorted(java.util.Comparator.comparing(LessonDay::date))
                .map(d -> lesson(d, policy)).toList();
    }

    static Lesson lesson(LessonDay d, AttendancePolicy policy) {
        Instant start = d.date().atTime(DAY_START).atZone(policy.zone()).toInstant();
        Instant end = start.plus(policy.classHour().plus(BREAK).multipliedBy(d.classHours()));
        return new Lesson(lessonId(d.date()), start, end, LessonMode.OFFLINE, d.classHours());
    }

    /** The approved class, or empty if none of this id was created or it is not approved. */
    Optional<EnrolledClass> approvedClass(String classId) {
        return service.find(classId).filter(c -> c.application().approved());
    }

    @Override
    public List<Lesson> of(ClassroomId classroom) {
        List<Lesson> known = approved.get(classroom.value());
        if (known != null) {
            return known;
        }
        Optional<EnrolledClass> c = approvedClass(classroom.value());
        if (c.isEmpty()) {
            return List.of();
        }
        List<Lesson> lessons = of(c.get().application().plan(), policy);
        approved.put(classroom.value(), lessons);
        return lessons;
    }
}
