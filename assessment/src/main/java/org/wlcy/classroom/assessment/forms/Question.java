package org.wlcy.classroom.assessment.forms;

import java.util.List;
import java.util.Objects;

/**
 * One question of a form.
 *
 * @param id       stable key within the form, {@code [a-z0-9-]{1,32}}
 * @param type     a 1-5 rating, one choice among {@code options}, or free text
 * @param text     the question (zh-CN)
 * @param textEn   the same in English
 * @param options  the choices of a {@link Type#CHOICE} question (2-10, each 1-50 characters), else empty
 * @param required whether an answer must give it
 */
public record Question(String id, Type type, String text, String textEn, List<String> options, boolean required) {
    public enum Type {
        RATING, CHOICE, TEXT
    }

    public static final int MAX_TEXT_ANSWER = 1000;

    public Question {
        Objects.requireNonNull(type, "type");
        if (id == null || !id.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("question id '" + id + "' must be 1-32 of a-z, 0-9 and '-'");
        }
        if (text == null || text.isBlank() || text.length() > 200) {
            throw new IllegalArgumentException("question " + id + " needs a text of 1-200 characters");
        }
        textEn = textEn == null || textEn.isBlank() ? text : textEn;
        options = options == null ? List.of() : List.copyOf(options);
        if (type == Type.CHOICE) {
            if (options.size() < 2 || options.size() > 10
                    || options.stream().anyMatch(o -> o.isBlank() || o.length() > 50)
                    || options.stream().distinct().count() != options.size()) {
                throw new IllegalArgumentException("question " + id + " needs 2-10 distinct options of 1-50 characters");
            }
        } else if (!options.isEmpty()) {
            throw new IllegalArgumentException("question " + id + " is not a choice and takes no options");
        }
    }

    public static Question rating(String id, String text, String textEn) {
        return new Question(id, Type.RATING, text, textEn, List.of(), true);
    }

    public static Question choice(String id, String text, String textEn, List<String> options) {
        return new Question(id, Type.CHOICE, text, textEn, options, true);
    }

    public static Question freeText(String id, String text, String textEn) {
        return new Question(id, Type.TEXT, text, textEn, List.of(), false);
    }

    /**
     * Why {@code value} is not an answer to this question, naming the field; null when it is.
     * Ratings are whole numbers 1-5, a choice is one of the options, text at most 1000 characters.
     */
    public String problem(Object value) {
        String field = "answers." + id;
        if (value == null) {
            return required ? field + ": an answer is required" : null;
        }
        return switch (type) {
            case RATING -> value instanceof Integer r && r >= 1 && r <= 5 ? null
                    : field + ": a rating is a whole number 1-5";
            case CHOICE -> value instanceof String s && options.contains(s) ? null
                    : field + ": must be one of " + options;
            case TEXT -> value instanceof String s && s.length() <= MAX_TEXT_ANSWER ? null
                    : field + ": text of at most " + MAX_TEXT_ANSWER + " characters";
        };
    }
}
