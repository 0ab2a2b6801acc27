package org.wlcy.classroom.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sensitive-word filter: folds the text ({@link TextNormalizer}), finds every listed word with
 * one {@link AhoCorasick} pass, and masks or refuses ({@link FilterMode}). Matching is on folded
 * text, so {@code 微 信}, {@code 微.信} and {@code ＷＥＣＨＡＴ} match {@code 微信} and {@code wechat}.
 *
 * <p>Latin word boundaries are judged on the <em>original</em> text: a listed word that begins
 * (ends) with an ASCII letter (after folding) matches only where the character just before (after)
 * it in the original is not such a letter. Anything the fold drops — a space, punctuation, a symbol
 * or emoji, a zero-width or combining character — is a boundary, and so are CJK characters,
 * digits and the text's ends. So {@code sb} matches "you sb", "s b" and "你是SB" but not "usb",
 * "asbestos" or "this b…", and {@code wechat} matches "my wechat", "add ＷＥＣＨＡＴ" and
 * "加wechat好友" but not "mywechat", "wechats" or "wechatting" (list inflections as words of their
 * own). Digits are not letters: {@code vx} still matches "vx123". Inside a match, dropped
 * characters are skipped as everywhere else, so a Latin word spelled apart ("w e c h a t",
 * "we.chat", and also the two words "we chat") matches. Immutable; thread-safe.
 */
public final class SensitiveWordFilter {
    /** The character a masked character becomes (full-width asterisk). */
    public static final char MASK = '＊';
    private final AhoCorasick automaton;
    private final String[] rules;
    private final boolean[] latinStart;
    private final boolean[] latinEnd;
    private final FilterMode mode;

    /** What became of one text. */
    public record Outcome(String text, boolean masked, String refusedByRule) {
        public boolean refused() {
            return refusedByRule != null;
        }

        static Outcome clean(String text) {
            return new Outcome(text, false, null);
        }
    }

    public SensitiveWordFilter(WordList words, FilterMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        Map<String, Integer> ruleIds = new LinkedHashMap<>();
        List<Boolean> starts = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        AhoCorasick.Builder b = AhoCorasick.builder();
        List<Integer> wordRule = new ArrayList<>();
        for (WordList.Entry e : words.entries()) {
            String folded = TextNormalizer.foldWord(e.word());
            if (folded.isEmpty()) {
                continue;
            }
            int rule = ruleIds.computeIfAbsent(e.rule(), r -> ruleIds.size());
            int id = wordRule.size();
            if (b.add(folded, id)) {
                wordRule.add(rule);
                starts.add(isAsciiLetter(folded.charAt(0)));
                ends.add(isAsciiLetter(folded.charAt(folded.length() - 1)));
            }
        }
        this.automaton = b.build();
        String[] names = ruleIds.keySet().toArray(String[]::new);
        this.rules = new String[wordRule.size()];
        this.latinStart = new boolean[wordRule.size()];
        this.latinEnd = new boolean[wordRule.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = names[wordRule.get(i)];
            latinStart[i] = starts.get(i);
            latinEnd[i] = ends.get(i);
        }
    }

    /** How many distinct (folded) words the filter holds. */
    public int size() {
        return automaton.size();
    }

    public FilterMode mode() {
        return mode;
    }

    /** Screens one text: unchanged, masked, or refused with the rule of the first match. */
    public Outcome apply(String text) {
        TextNormalizer.Folded folded = TextNormalizer.fold(text);
        String f = folded.text();
        if (mode == FilterMode.REFUSE) {
            String[] rule = new String[1];
            automaton.scan(f, (end, length, word) -> {
                if (!accepted(folded, end, length, word)) {
                    return true;
                }
                rule[0] = rules[word];
                return false;
            });
            return rule[0] == null ? Outcome.clean(text) : new Outcome(text, false, rule[0]);
        }
        // Mask every original character from a match's first to its last, including what was
        // dropped between them ("微 信" -> "＊＊＊"): a difference array over the original.
        int[] cover = new int[text.length() + 1];
        boolean[] any = new boolean[1];
        automaton.scan(f, (end, length, word) -> {
            if (accepted(folded, end, length, word)) {
                cover[folded.originalStart(end - length)]++;
                cover[folded.originalEnd(end)]--;
                any[0] = true;
            }
            return true;
        });
        if (!any[0]) {
            return Outcome.clean(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            for (int j = i; j < next; j++) {
                depth += cover[j];
            }
            if (depth > 0) {
                out.append(MASK);
            } else {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return new Outcome(out.toString(), true, null);
    }

    /**
     * Whether a match of {@code word} over folded {@code start..end} stands on Latin word
     * boundaries: a Latin end of the word may not touch an ASCII letter that was next to it in the
     * original (a letter with a dropped character between is a neighbouring word). O(1).
     */
    private boolean accepted(TextNormalizer.Folded folded, int end, int length, int word) {
        String f = folded.text();
        int start = end - length;
        if (latinStart[word] && folded.adjacent(start) && isAsciiLetter(f.charAt(start - 1))) {
            return false;
        }
        return !(latinEnd[word] && end < f.length() && folded.adjacent(end) && isAsciiLetter(f.charAt(end)));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
