package org.wlcy.classroom.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensitiveWordFilterTest {
    private static final WordList WORDS = WordList.parse("test", "custom", List.of(
            "微信", "# rule: insult", "sb", "傻逼", "# rule: spam", "vx", "加qq群"));

    private static SensitiveWordFilter masking() {
        return new SensitiveWordFilter(WORDS, FilterMode.MASK);
    }

    @Nested
    class Masking {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "加我微信吧|加我＊＊吧",
                "加我微 信吧|加我＊＊＊吧",        // what was inserted between is masked with the word
                "加我微.信吧|加我＊＊＊吧",
                "加我ＷＸ或微😀信|加我ＷＸ或＊＊＊",
                "你是SB|你是＊＊",
                "你是 s b 吧|你是 ＊＊＊ 吧",
                "傻逼傻逼|＊＊＊＊",
                "加vx123|加＊＊123",              // digits are not letters: vx123 still matches
                "加ＱＱ群|＊＊＊＊",
                "微信傻逼|＊＊＊＊",               // adjacent matches
                "微傻逼信|微＊＊信",
    })
        void masksEveryMatchedCharacter(String text, String shown) {
            SensitiveWordFilter.Outcome o = masking().apply(text);

            assertThat(o.text()).isEqualTo(shown);
            assertThat(o.masked()).isTrue();
            assertThat(o.refused()).isFalse();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"请插上usb线", "this b", "his broom", "vxlan", "大家好", "sbc板子", "微"})
        void latinWordsNeedWordBoundariesAndCleanTextIsUntouched(String text) {
            SensitiveWordFilter.Outcome o = masking().apply(text);

            assertThat(o.text()).isSameAs(text);
            assertThat(o.masked()).isFalse();
        }

        @Test
        void anEmojiIsMaskedAsOneCharacter() {
            assertThat(masking().apply("微😀信").text()).isEqualTo("＊＊＊");
        }

        @Test
        void maskedTextDoesNotMatchAgain() {
            String once = masking().apply("加微信").text();

            assertThat(masking().apply(once).masked()).isFalse();
        }
    }

    @Nested
    class Refusing {
        @Test
        void refusesWithTheRuleOfTheFirstMatchAndNeverTheWord() {
            SensitiveWordFilter refusing = new SensitiveWordFilter(WORDS, FilterMode.REFUSE);

            assertThat(refusing.apply("你是 S.B").refusedByRule()).isEqualTo("insult");
            assertThat(refusing.apply("加 QQ 群").refusedByRule()).isEqualTo("spam");
            assertThat(refusing.apply("加我微信").refusedByRule()).isEqualTo("custom");
            assertThat(refusing.apply("大家好").refused()).isFalse();
            assertThat(refusing.apply("请插上usb线").refused()).isFalse();
        }
    }

    @Test
    void theBuiltInListCatchesSpacedOutInsults() {
        SensitiveWordFilter builtIn = new SensitiveWordFilter(WordList.builtIn(), FilterMode.REFUSE);

        assertThat(builtIn.apply("你 傻 逼").refusedByRule()).isEqualTo("insult");
        assertThat(builtIn.apply("刷单-返利，日结").refusedByRule()).isEqualTo("scam");
        assertThat(builtIn.apply("我们用微信小店卖货，贷款要谨慎").refused()).isFalse();
    }

    @Test
    void wordsThatFoldToNothingAreSkipped() {
        SensitiveWordFilter f = new SensitiveWordFilter(WordList.parse("t", "custom", List.of("！！", "。", "ok")),
                FilterMode.MASK);

        assertThat(f.size()).isEqualTo(1);
        assertThat(f.apply("！！。").masked()).isFalse();
    }

    /**
     * A 10,000-word list: every planted word is masked exactly, nothing else is touched. (Its speed
     * is measured by {@code SensitiveWordFilterBench}, not asserted here.)
     */
    @Test
    void aTenThousandWordListMasksExactlyThePlantedWords() {
        Random random = new Random(7);
        List<String> words = new ArrayList<>();
        while (words.size() < 10_000) {
            words.add(randomHan(random, 0x4E00, 3000, 3 + random.nextInt(4)));
        }
        SensitiveWordFilter filter = new SensitiveWordFilter(WordList.parse("big", "big", words), FilterMode.MASK);
        assertThat(filter.size()).isBetween(9_990, 10_000);

        // Filler from another block of ideographs, so only planted words can match.
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String filler = randomHan(random, 0x6000, 2000, 20);
            text.append(filler);
            expected.append(filler);
            String word = words.get(i * 50);
            String spaced = String.join(" ", word.split(""));
            text.append(spaced);
            expected.append("＊".repeat(spaced.length()));
        }
        SensitiveWordFilter.Outcome o = filter.apply(text.toString());

        assertThat(o.masked()).isTrue();
        assertThat(o.text()).isEqualTo(expected.toString());
        String clean = randomHan(random, 0x6000, 2000, 5000);
        assertThat(filter.apply(clean).text()).isSameAs(clean);
    }

    /** The worst case for the output chains: every prefix of a long run is a word. */
    @Test
    void nestedWordsAtEveryPositionAreAllFound() {
        List<String> words = new ArrayList<>();
        for (int n = 1; n <= WordList.MAX_WORD; n++) {
            words.add("啊".repeat(n));
        }
        SensitiveWordFilter f = new SensitiveWordFilter(WordList.parse("t", "custom", words), FilterMode.MASK);

        assertThat(f.apply("哦" + "啊".repeat(3000) + "哦").text()).isEqualTo("哦" + "＊".repeat(3000) + "哦");
    }

    static String randomHan(Random random, int base, int range, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) (base + random.nextInt(range)));
        }
        return sb.toString();
    }
}
