package org.wlcy.classroom.assessment.submission;

import java.util.List;

/**
 * One field of a submission: text of at most {@code max} characters, a whole number within
 * {@code min..max}, or one of {@code options}. {@code title} is what the trainee sees (zh-CN), with
 * {@code titleEn}.
 */
public record Field(String id, Type type, String title, String titleEn, long min, long max, List<String> options,
                    boolean required) {
    public enum Type {
        TEXT, WHOLE, CHOICE
    }

    public Field {
        options = List.copyOf(options);
    }

    public static Field text(String id, String title, String titleEn, int max, boolean required) {
        return new Field(id, Type.TEXT, title, titleEn, 0, max, List.of(), required);
    }

    public static Field whole(String id, String title, String titleEn, long min, long max) {
        return new Field(id, Type.WHOLE, title, titleEn, min, max, List.of(), true);
    }

    public static Field choice(String id, String title, String titleEn, List<String> options) {
        return new Field(id, Type.CHOICE, title, titleEn, 0, 0, options, true);
    }

    /** Why {@code v} cannot stand in this field, naming it; null when it can. Missing is judged by the caller. */
    public String problem(Object v) {
        String f = "fields." + id;
        return switch (type) {
            case TEXT -> v instanceof String s && s.length() <= max ? null : f + ": text of at most " + max + " characters";
            case WHOLE -> (v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= min
                    && ((Number) v).longValue() <= max ? null : f + ": a whole number " + min + "-" + max;
            case CHOICE -> v instanceof String s && options.contains(s) ? null : f + ": must be one of " + options;
        };
    }
}
