package org.wlcy.classroom.proctoring.attendance;

import static org.wlcy.classroom.proctoring.attendance.Traces.ALICE;
import static org.wlcy.classroom.proctoring.attendance.Traces.CLASS;
import static org.wlcy.classroom.proctoring.attendance.Traces.LECTURER;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.MutableClock;

/**
 * A class schedule for one trainee (Alice) built lesson by lesson, with the traces and leave
 * requests that make each lesson come out as wanted; judged through {@link ClassAttendance}.
 */
final class ClassFixture {
    private static final Instant FIRST = Instant.parse("2026-11-30T00:00:00Z");
    private static final int HOURS_PER_LESSON = 4;

    private final AttendancePolicy policy;
    private final List<Lesson> lessons = new ArrayList<>();
    private final Traces traces = new Traces();
    private final LeaveBook leaves;
    private final List<LeaveOutcome> leaveOutcomes = new ArrayList<>();

    ClassFixture(AttendancePolicy policy) {
        this.policy = policy;
        this.leaves = new LeaveBook(policy, new MutableClock());
    }

    private Lesson nextLesson(LessonMode mode, int classHours) {
        Instant start = FIRST.plus(Duration.ofHours(6L * lessons.size()));
        Lesson l = new Lesson("lesson-" + (lessons.size() + 1), start,
                start.plus(policy.classHour().multipliedBy(classHours)), mode, classHours);
        lessons.add(l);
        return l;
    }

    /** Lessons of up to 4 class hours, attended in full, adding up to {@code classHours}. */
    ClassFixture attended(LessonMode mode, int classHours) {
        for (int left = classHours; left > 0; left -= HOURS_PER_LESSON) {
            Lesson l = nextLesson(mode, Math.min(HOURS_PER_LESSON, left));
            if (mode == LessonMode.ONLINE) {
                traces.present(ALICE, l.id(), l.start(), l.end());
            } else {
                traces.signIn(ALICE, l.id(), l.start(), "face");
            }
        }
        return this;
    }

    /** Lessons attended late (15 min) but otherwise in full. */
    ClassFixture attendedLate(int lessonCount) {
        for (int i = 0; i < lessonCount; i++) {
            Lesson l = nextLesson(LessonMode.ONLINE, HOURS_PER_LESSON);
            traces.present(ALICE, l.id(), l.start().plus(Duration.ofMinutes(15)), l.end());
        }
        return this;
    }

    /** 4-hour online lessons missed without asking for leave. */
    ClassFixture absent(int lessonCount) {
        for (int i = 0; i < lessonCount; i++) {
            nextLesson(LessonMode.ONLINE, HOURS_PER_LESSON);
        }
        return this;
    }

    /** 4-hour online lessons missed after asking for {@code leaveHours} of leave, approved if the book accepts it. */
    ClassFixture onLeave(int lessonCount, int leaveHours) {
        for (int i = 0; i < lessonCount; i++) {
            Lesson l = nextLesson(LessonMode.ONLINE, HOURS_PER_LESSON);
            String id = "leave-" + l.id();
            LeaveOutcome asked = leaves.request(id, CLASS, ALICE, l.id(), leaveHours, "家中有事");
            leaveOutcomes.add(asked);
            if (asked.accepted()) {
                leaves.approve(id, LECTURER, Role.LECTURER, "同意");
            }
        }
        return this;
    }

    /** 4-hour online lessons missed with a leave request nobody decided on. */
    ClassFixture pendingLeave(int lessonCount) {
        for (int i = 0; i < lessonCount; i++) {
            Lesson l = nextLesson(LessonMode.ONLINE, HOURS_PER_LESSON);
            leaveOutcomes.add(leaves.request("leave-" + l.id(), CLASS, ALICE, l.id(), 4, "家中有事"));
        }
        return this;
    }

    List<LeaveOutcome> leaveOutcomes() {
        return leaveOutcomes;
    }

    Eligibility assess() {
        return ClassAttendance.assess(lessons, List.of(ALICE), traces.events(), leaves.all(), policy).get(ALICE);
    }
}
