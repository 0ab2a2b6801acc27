package org.wlcy.classroom.assessment.forms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Optional;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * When forms are put to a class without an admin (Art. 9): the daily feedback form after each
 * lesson day, and the end-of-class evaluation when an admin or lecturer opens it. Both take the
 * class's own questions (the last form of the kind an admin put, else the guideline's template) and
 * stay open until the end of the next day in the class's zone.
 */
public final class FormSchedule {
    private FormSchedule() {
    }

    /**
     * The daily form to put when a lesson of {@code day} ends at {@code now}, or empty when the class
     * already has a daily form for that day (put by an admin, or by an earlier lesson that day).
     */
    public static Optional<Form> dailyAfterLesson(FormBook book, ClassroomId c, LocalDate day, Instant now, ZoneId zone) {
        if (book.forms().stream().anyMatch(f -> f.kind() == FormKind.DAILY_FEEDBACK && day.equals(f.day()))) {
            return Optional.empty();
        }
        FormTemplate template = book.forms().stream().filter(f -> f.kind() == FormKind.DAILY_FEEDBACK)
                .max(Comparator.comparing(Form::day)).map(Form::template)
                .orElse(FormTemplate.guidelineDefault(FormKind.DAILY_FEEDBACK));
        Instant closes = endOfNextDay(day, now, zone);
        return Optional.of(new Form(Form.idFor(FormKind.DAILY_FEEDBACK, day), c, FormKind.DAILY_FEEDBACK, day, template,
                now, closes));
    }

    /**
     * The end-of-class form opened at {@code now}: its questions as they are (or the guideline's),
     * open until {@code closesAt}, or when null until the end of the next day.
     */
    public static Form endOfClass(FormBook book, ClassroomId c, Instant now, Instant closesAt, ZoneId zone) {
        String id = Form.idFor(FormKind.END_OF_CLASS, null);
        FormTemplate template = book.find(id).map(Form::template)
                .orElse(FormTemplate.guidelineDefault(FormKind.END_OF_CLASS));
        Instant closes = closesAt != null ? closesAt : endOfNextDay(LocalDate.ofInstant(now, zone), now, zone);
        if (!closes.isAfter(now)) {
            throw new IllegalArgumentException("closesAt must be in the future");
        }
        return new Form(id, c, FormKind.END_OF_CLASS, null, template, now, closes);
    }

    /** Midnight after the day that follows {@code day}; never before an hour from {@code now}. */
    private static Instant endOfNextDay(LocalDate day, Instant now, ZoneId zone) {
        Instant end = day.plusDays(2).atStartOfDay(zone).toInstant();
        return end.isAfter(now.plusSeconds(3600)) ? end : now.plusSeconds(86_400);
    }
}
