package org.wlcy.classroom.assessment.forms;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * A trainee's answer to a form: question id to a rating (whole number), an option or text. One per
 * trainee per form; a later one replaces it while the form is open (both stay on the record).
 */
public record FormAnswer(String formId, UserId trainee, Map<String, Object> answers, Instant recordedAt) {
    public FormAnswer {
        Objects.requireNonNull(formId, "formId");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(recordedAt, "recordedAt");
        answers = Collections.unmodifiableSortedMap(new TreeMap<>(answers));
    }

    /**
     * An answer checked against the form: open now (else 253), every key a question of it, every
     * value of its question's type (else 103 naming {@code answers.<id>}); empty text counts as none.
     */
    public static FormAnswer checked(Form form, UserId trainee, Map<String, Object> given, Instant now) {
        if (!form.isOpen(now)) {
            throw new ClassroomException(ErrorCode.FORM_CLOSED, now.isBefore(form.opensAt())
                    ? "form " + form.formId() + " opens at " + form.opensAt()
                    : "form " + form.formId() + " closed at " + form.closesAt() + "; answers can no longer be changed");
        }
        Map<String, Object> kept = new TreeMap<>();
        for (String id : given.keySet()) {
            if (form.template().question(id).isEmpty()) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "answers." + id + ": no such question on this form");
            }
        }
        for (Question q : form.template().questions()) {
            Object v = given.get(q.id());
            if (v instanceof String s && s.isBlank()) {
                v = null;
            }
            String problem = q.problem(v);
            if (problem != null) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, problem);
            }
            if (v != null) {
                kept.put(q.id(), v);
            }
        }
        return new FormAnswer(form.formId(), trainee, kept, now);
    }
}
