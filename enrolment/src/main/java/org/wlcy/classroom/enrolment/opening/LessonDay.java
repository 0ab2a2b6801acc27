package org.wlcy.classroom.enrolment.opening;

import java.time.LocalDate;

/** One training day of a class plan: its date, its class hours (课时) and whether it is taught online. */
public record LessonDay(LocalDate date, int classHours, boolean online) {
}
