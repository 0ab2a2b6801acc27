package org.wlcy.classroom.assessment.forms;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What lecturers and the regulator desk see of one form: how many of the class's trainees answered,
 * the average of each rating (two decimals) with its counts per value, the counts of each choice, and
 * the free-text answers (without names: the trainee is not shown beside a text).
 */
public record FormSummary(String formId, FormKind kind, int trainees, int responses, Map<String, BigDecimal> averages,
                          Map<String, Map<String, Integer>> counts, Map<String, List<String>> texts) {

    /** The response rate in percent, one decimal; 0 for a class without trainees. */
    public BigDecimal responseRatePercent() {
        return trainees == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(responses * 100L).divide(BigDecimal.valueOf(trainees), 1, RoundingMode.HALF_UP);
    }

    public static FormSummary of(Form form, int trainees, Collection<FormAnswer> latestAnswers) {
        Map<String, BigDecimal> averages = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        Map<String, List<String>> texts = new LinkedHashMap<>();
        for (Question q : form.template().questions()) {
            switch (q.type()) {
                case RATING -> {
                    Map<String, Integer> c = new LinkedHashMap<>();
                    for (int r = 1; r <= 5; r++) {
                        c.put(Integer.toString(r), 0);
                    }
                    long sum = 0;
                    int n = 0;
                    for (FormAnswer a : latestAnswers) {
                        if (a.answers().get(q.id()) instanceof Integer r) {
                            c.merge(Integer.toString(r), 1, Integer::sum);
                            sum += r;
                            n++;
                        }
                    }
                    counts.put(q.id(), c);
                    if (n > 0) {
                        averages.put(q.id(), BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP));
                    }
                }
                case CHOICE -> {
                    Map<String, Integer> c = new LinkedHashMap<>();
                    q.options().forEach(o -> c.put(o, 0));
                    latestAnswers.forEach(a -> {
                        if (a.answers().get(q.id()) instanceof String s) {
                            c.merge(s, 1, Integer::sum);
                        }
                    });
                    counts.put(q.id(), c);
                }
                case TEXT -> {
                    List<String> t = new ArrayList<>();
                    latestAnswers.forEach(a -> {
                        if (a.answers().get(q.id()) instanceof String s) {
                            t.add(s);
                        }
                    });
                    texts.put(q.id(), t);
                }
            }
        }
        return new FormSummary(form.formId(), form.kind(), trainees, latestAnswers.size(), averages, counts, texts);
    }
}
