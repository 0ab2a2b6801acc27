package org.wlcy.classroom.filter;

import java.util.Locale;

/** What the sensitive-word filter does with a text that matches (config {@code interaction.filterMode}). */
public enum FilterMode {
    /** Replace the matched characters with ＊ and deliver the text, marked {@code masked: true}. */
    MASK,
    /** Refuse the text with error 213 {@code CONTENT_REFUSED}, naming the rule. */
    REFUSE;

    /** {@code mask} or {@code refuse}. */
    public static FilterMode parse(String value) {
        for (FilterMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("filter mode must be mask or refuse, not '" + value + "'");
    }
}
