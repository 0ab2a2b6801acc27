package org.wlcy.classroom.proctoring.attendance;

import java.util.Objects;

/**
 * One reason behind an attendance finding, an eligibility verdict or a refused leave request: a
 * stable machine code, its weight, the article it rests on, and the same sentence in Chinese and
 * English with the figures filled in.
 *
 * @param code     stable machine code (never renamed)
 * @param severity how much it weighs
 * @param article  the provision it applies, e.g. {@code "第七条（五） / Art. 7(5)"}
 * @param zh       the reason in Chinese
 * @param en       the reason in English
 */
public record Reason(ReasonCode code, Severity severity, String article, String zh, String en) {
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(zh, "zh");
        Objects.requireNonNull(en, "en");
    }

    /** Whether this reason makes the verdict negative or refuses the request. */
    public boolean blocking() {
        return severity == Severity.BLOCKING;
    }

    @Override
    public String toString() {
        return code + " [" + article + "] " + en;
    }
}
