package org.wlcy.classroom.assessment.forms;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * One form put to a class's trainees: the daily feedback of one training day, or the end-of-class
 * evaluation. Answers are taken and may be changed while it is open, on the server's clock.
 *
 * @param formId   unique within the class, e.g. {@code daily-2026-11-02} or {@code final}
 * @param day      the training day a daily form is about; null for the end-of-class one
 * @param opensAt  from when trainees are asked (the end of the day's last lesson)
 * @param closesAt until when answers are taken or changed
 */
public record Form(String formId, ClassroomId classroomId, FormKind kind, LocalDate day, FormTemplate template,
                   Instant opensAt, Instant closesAt) {
    public Form {
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(opensAt, "opensAt");
        Objects.requireNonNull(closesAt, "closesAt");
        if (formId == null || !formId.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("formId must be 1-40 of a-z, 0-9 and '-'");
        }
        if (template.kind() != kind) {
            throw new IllegalArgumentException("the template is for another kind of form");
        }
        if ((kind == FormKind.DAILY_FEEDBACK) != (day != null)) {
            throw new IllegalArgumentException("a daily form names its day; the end-of-class form does not");
        }
        if (!closesAt.isAfter(opensAt)) {
            throw new IllegalArgumentException("closesAt must be after opensAt");
        }
    }

    /** The daily form's id for a day, or the end-of-class form's. */
    public static String idFor(FormKind kind, LocalDate day) {
        return kind == FormKind.END_OF_CLASS ? "final" : "daily-" + day;
    }

    public boolean isOpen(Instant now) {
        return !now.isBefore(opensAt) && now.isBefore(closesAt);
    }
}
