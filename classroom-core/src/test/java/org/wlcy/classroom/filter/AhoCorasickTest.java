package org.wlcy.classroom.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    private record Hit(int end, int length, int payload) {
    }

    private static List<Hit> scan(AhoCorasick a, String text) {
        List<Hit> hits = new ArrayList<>();
        a.scan(text, (end, length, payload) -> hits.add(new Hit(end, length, payload)));
        return hits;
    }

    @Test
    void findsOverlappingAndNestedWordsInOnePass() {
        AhoCorasick.Builder b = AhoCorasick.builder();
        b.add("he", 1);
        b.add("she", 2);
        b.add("his", 3);
        b.add("hers", 4);
        AhoCorasick a = b.build();

        assertThat(scan(a, "ushers")).containsExactlyInAnyOrder(new Hit(4, 3, 2), new Hit(4, 2, 1),
                new Hit(6, 4, 4));
        assertThat(a.size()).isEqualTo(4);
    }

    @Test
    void aWordAddedTwiceKeepsItsFirstPayloadAndEmptyWordsAreIgnored() {
        AhoCorasick.Builder b = AhoCorasick.builder();

        assertThat(b.add("微信", 1)).isTrue();
        assertThat(b.add("微信", 2)).isFalse();
        assertThat(b.add("", 3)).isFalse();
        assertThat(scan(b.build(), "加微信")).containsExactly(new Hit(3, 2, 1));
    }

    @Test
    void theScanStopsWhenTheSinkSaysSo() {
        AhoCorasick.Builder b = AhoCorasick.builder();
        b.add("a", 0);
        List<Integer> ends = new ArrayList<>();

        b.build().scan("aaaa", (end, length, payload) -> ends.add(end) && ends.size() < 2);

        assertThat(ends).containsExactly(1, 2);
    }

    @Test
    void anEmptyAutomatonFindsNothing() {
        assertThat(scan(AhoCorasick.builder().build(), "anything")).isEmpty();
    }

    /** Against the obvious quadratic search, on random words and texts over a small alphabet (many overlaps). */
    @Test
    void agreesWithBruteForceOnRandomInputs() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> words = new ArrayList<>();
            AhoCorasick.Builder b = AhoCorasick.builder();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                String w = randomString(random, 1 + random.nextInt(5));
                if (b.add(w, words.size())) {
                    words.add(w);
                }
            }
            AhoCorasick a = b.build();
            String text = randomString(random, random.nextInt(60));

            Set<Hit> expected = new HashSet<>();
            for (int p = 0; p < words.size(); p++) {
                String w = words.get(p);
                for (int at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
                    expected.add(new Hit(at + w.length(), w.length(), p));
                }
            }
            List<Hit> found = scan(a, text);
            assertThat(found).as("text %s, words %s", text, words).doesNotHaveDuplicates();
            assertThat(Set.copyOf(found)).as("text %s, words %s", text, words).isEqualTo(expected);
            assertThat(found).extracting(Hit::end).isSorted();
        }
    }

    private static String randomString(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append("ab微信".charAt(random.nextInt(4)));
        }
        return sb.toString();
    }
}
