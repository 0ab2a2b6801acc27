package org.wlcy.classroom.assessment.forms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/** A class's forms and each trainee's latest answer to each, as read back from the record. */
public final class FormBook {
    private final Map<String, Form> forms = new LinkedHashMap<>();
    private final Map<String, Map<UserId, FormAnswer>> answers = new LinkedHashMap<>();

    /** A form put to the class; the same id again replaces its questions and times. */
    public void put(Form form) {
        forms.put(form.formId(), form);
        answers.computeIfAbsent(form.formId(), k -> new LinkedHashMap<>());
    }

    public void answered(FormAnswer a) {
        if (!forms.containsKey(a.formId())) {
            throw new ClassroomException(ErrorCode.FORM_NOT_FOUND, "no form " + a.formId() + " in this class");
        }
        answers.get(a.formId()).put(a.trainee(), a);
    }

    public Form form(String formId) {
        Form f = forms.get(formId);
        if (f == null) {
            throw new ClassroomException(ErrorCode.FORM_NOT_FOUND, "no form " + formId + " in this class");
        }
        return f;
    }

    public Optional<Form> find(String formId) {
        return Optional.ofNullable(forms.get(formId));
    }

    public Optional<FormAnswer> answerOf(String formId, UserId trainee) {
        return Optional.ofNullable(answers.getOrDefault(formId, Map.of()).get(trainee));
    }

    /** Every form, daily ones by day, the end-of-class one last. */
    public List<Form> forms() {
        List<Form> out = new ArrayList<>(forms.values());
        out.sort(Comparator.comparing((Form f) -> f.kind() == FormKind.END_OF_CLASS)
                .thenComparing(f -> f.day() == null ? java.time.LocalDate.MAX : f.day()));
        return out;
    }

    public FormSummary summary(String formId, int trainees) {
        return FormSummary.of(form(formId), trainees, answers.getOrDefault(formId, Map.of()).values());
    }
}
