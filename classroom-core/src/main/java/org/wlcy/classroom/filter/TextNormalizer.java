package org.wlcy.classroom.filter;

/**
 * Folds text to the form the sensitive-word filter matches on, remembering where each folded
 * character came from so that a match can be masked in the original:
 * <ul>
 *   <li>full-width forms to half-width ({@code Ｗｅｃｈａｔ} → {@code wechat}, U+3000 → space);</li>
 *   <li>lower case (locale-independent);</li>
 *   <li>whitespace, punctuation, symbols (emoji included), control and format characters
 *       (zero-width spaces and joiners) and combining marks are dropped, so that characters
 *       spread apart with them still meet: {@code 微 信}, {@code 微.信}, {@code 微\u200B信} all fold to
 *       {@code 微信}.</li>
 * </ul>
 * Pure and thread-safe.
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    /**
     * Folded text; {@code from[k]}..{@code to[k]} (exclusive) is the range of the original string
     * that folded character {@code k} came from.
     */
    public record Folded(String text, int[] from, int[] to) {
        /** The original range covering folded characters {@code start}..{@code end} (exclusive). */
        public int originalStart(int start) {
            return from[start];
        }

        public int originalEnd(int end) {
            return to[end - 1];
        }

        /**
         * Whether folded characters {@code k - 1} and {@code k} stood side by side in the original:
         * nothing was dropped between them (no space, punctuation, symbol, emoji, zero-width or
         * combining character), or both came from one original character. {@code false} for
         * {@code k == 0}.
         */
        public boolean adjacent(int k) {
            return k > 0 && to[k - 1] >= from[k];
        }
    }

    /** Folds {@code text}. */
    public static Folded fold(String text) {
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        int[] from = new int[n];
        int[] to = new int[n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            int folded = fold(cp);
            if (folded >= 0) {
                int before = out.length();
                out.appendCodePoint(folded);
                for (int j = before; j < out.length(); j++) {
                    from[k] = i;
                    to[k] = next;
                    k++;
                }
            }
            i = next;
        }
        return new Folded(out.toString(), java.util.Arrays.copyOf(from, k), java.util.Arrays.copyOf(to, k));
    }

    /** Folds one word of a list (the same folding as the text it is matched against). */
    public static String foldWord(String word) {
        return fold(word).text();
    }

    /** The folded code point, or -1 if the character is dropped. */
    static int fold(int cp) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp -= 0xFEE0; // full-width ASCII variants
        } else if (cp == 0x3000) {
            return -1; // ideographic space
        }
        if (dropped(cp)) {
            return -1;
        }
        return Character.toLowerCase(cp);
    }

    private static boolean dropped(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
