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
            "微信", "wechat", "# rule: insult", "sb", "傻逼", "# rule: spam", "vx", "加qq群"));

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

    /**
     * Latin word boundaries are judged on the original text: a space, punctuation, CJK, a digit or
     * the text's end beside a Latin word is a boundary, a Latin letter right next to it is not.
     */
    @Nested
    class LatinWords {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                // beside other Latin words
                "my wechat|my ＊＊＊＊＊＊",
                "wechat me|＊＊＊＊＊＊ me",
                "add my wechat now|add my ＊＊＊＊＊＊ now",
                "you sb|you ＊＊",
                "sb you are|＊＊ you are",
                "sb sb|＊＊ ＊＊",
                "My WeChat|My ＊＊＊＊＊＊",
                "my\twechat|my\t＊＊＊＊＊＊",
                "my\u00A0wechat|my\u00A0＊＊＊＊＊＊",      // no-break space
                "add\u200Bwechat|add\u200B＊＊＊＊＊＊",    // a zero-width space is a boundary too
                // full-width letters and spaces
                "add ＷＥＣＨＡＴ|add ＊＊＊＊＊＊",
                "ａｄｄ　ｗｅｃｈａｔ|ａｄｄ　＊＊＊＊＊＊",
                "ＹＯＵ ＳＢ|ＹＯＵ ＊＊",
                "😀 my ＷｅＣｈａｔ 😀|😀 my ＊＊＊＊＊＊ 😀",
                // beside punctuation
                "(wechat)|(＊＊＊＊＊＊)",
                "my wechat, ok?|my ＊＊＊＊＊＊, ok?",
                "you...sb!|you...＊＊!",
                "\"sb\"|\"＊＊\"",
                // beside CJK and digits
                "加wechat好友|加＊＊＊＊＊＊好友",
                "wechat微信|＊＊＊＊＊＊＊＊",
                "你是sb吗|你是＊＊吗",
                "加 vx 吧|加 ＊＊ 吧",
                "my ＷＥＣＨＡＴ１２３|my ＊＊＊＊＊＊１２３",
                "123wechat|123＊＊＊＊＊＊",
                // spelled apart inside the word, Latin words around it
                "my w e c h a t id|my ＊＊＊＊＊＊＊＊＊＊＊ id",
                "my we.chat id|my ＊＊＊＊＊＊＊ id",
                "you s.b ok|you ＊＊＊ ok",
                "add Ｗ Ｅ Ｃ Ｈ Ａ Ｔ now|add ＊＊＊＊＊＊＊＊＊＊＊ now",
        })
        void areMaskedBesideWordsPunctuationCjkAndFullWidth(String text, String shown) {
            SensitiveWordFilter.Outcome o = masking().apply(text);

            assertThat(o.text()).isEqualTo(shown);
            assertThat(o.masked()).isTrue();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "asbestos", "usb cable", "this b", "his broom", "is bad", "sbc板子", "my usb",
                "mywechat", "wechatting", "wechats", "my wechatid", "ＭＹＷＥＣＨＡＴ", "ａｄｄｗｅｃｈａｔ",
                "vxlan"})
        void doNotMatchInsideALongerLatinWord(String text) {
            SensitiveWordFilter.Outcome o = masking().apply(text);

            assertThat(o.text()).isSameAs(text);
            assertThat(o.masked()).isFalse();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "my wechat|custom", "add ＷＥＣＨＡＴ|custom", "you sb|insult", "wechat me|custom",
                "add my vx|spam"})
        void refuseModeJudgesTheSameBoundaries(String text, String rule) {
            SensitiveWordFilter refusing = new SensitiveWordFilter(WORDS, FilterMode.REFUSE);

            assertThat(refusing.apply(text).refusedByRule()).isEqualTo(rule);
            assertThat(refusing.apply(text.replace(" ", "")).refused()).as("glued: %s", text).isFalse();
        }
    }

    /** CJK words with spaces, punctuation, symbols or invisible characters inserted still match. */
    @Nested
    class SpacedOutCjkWords {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "加我微 信|加我＊＊＊",
                "加我微　信|加我＊＊＊",                 // ideographic space
                "加我微  \t 信|加我＊＊＊＊＊＊",
                "加我微，信|加我＊＊＊",
                "微-信|＊＊＊",
                "微·信|＊＊＊",
                "微\u200B信号|＊＊＊号",
                "微😀信|＊＊＊",                         // the emoji (two UTF-16 units) is one ＊
                "你 傻 。逼|你 ＊＊＊＊",
                "加 Ｑ Ｑ 群|＊＊＊＊＊＊＊",
                "加q.q群 wechat|＊＊＊＊＊ ＊＊＊＊＊＊",
                "my 微 信 wechat|my ＊＊＊ ＊＊＊＊＊＊",
        })
        void areMaskedWithWhatWasInsertedBetween(String text, String shown) {
            SensitiveWordFilter.Outcome o = masking().apply(text);

            assertThat(o.text()).isEqualTo(shown);
            assertThat(o.text().codePointCount(0, o.text().length())).isEqualTo(text.codePointCount(0, text.length()));
            assertThat(o.masked()).isTrue();
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
