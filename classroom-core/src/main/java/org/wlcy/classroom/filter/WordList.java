package org.wlcy.classroom.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of sensitive words, each under a named rule. Text format (UTF-8): one word per line;
 * blank lines and lines starting with {@code #} are ignored, except {@code # rule: NAME}, which
 * puts the words below it under rule {@code NAME} (letters, digits and '-'). Words before any rule
 * line are under the list's default rule. The rule is what a refusal names; the words never leave
 * the server.
 */
public record WordList(String source, List<Entry> entries) {
    /** Longest word accepted, in characters. */
    public static final int MAX_WORD = 64;
    private static final Pattern RULE_LINE = Pattern.compile("#\\s*rule\\s*:(.*)");
    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String BUILT_IN = "default-sensitive-words.txt";

    /** One word and the rule it falls under. */
    public record Entry(String word, String rule) {
        public Entry {
            Objects.requireNonNull(word, "word");
            Objects.requireNonNull(rule, "rule");
        }
    }

    public WordList {
        Objects.requireNonNull(source, "source");
        entries = List.copyOf(entries);
    }

    /** An empty list. */
    public static WordList empty() {
        return new WordList("none", List.of());
    }

    /**
     * Parses the text format. {@code source} names the list in problems (a file name);
     * {@code defaultRule} is the rule of words before any {@code # rule:} line.
     *
     * @throws IllegalArgumentException naming the line of a bad rule name or an over-long word
     */
    public static WordList parse(String source, String defaultRule, List<String> lines) {
        if (!RULE_NAME.matcher(defaultRule).matches()) {
            throw new IllegalArgumentException("rule name '" + defaultRule + "' must be lower-case letters, digits or '-'");
        }
        List<Entry> out = new ArrayList<>();
        String rule = defaultRule;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = lineNo == 1 && raw.startsWith("\uFEFF") ? raw.substring(1).strip() : raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = RULE_LINE.matcher(line);
                if (m.matches()) {
                    String name = m.group(1).strip();
                    if (!RULE_NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException(source + " line " + lineNo + ": rule name '" + name
                                + "' must be 1-32 lower-case letters, digits or '-'");
                    }
                    rule = name;
                }
                continue;
            }
            if (line.length() > MAX_WORD) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": a word is longer than "
                        + MAX_WORD + " characters");
            }
            out.add(new Entry(line, rule));
        }
        return new WordList(source, out);
    }

    /** The short built-in list shipped with the server (insults, spam, obvious scams). */
    public static WordList builtIn() {
        try (InputStream in = WordList.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in word list " + BUILT_IN + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse("built-in", "built-in", text.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This list followed by {@code other}. */
    public WordList and(WordList other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new WordList(source + " + " + other.source, all);
    }
}
