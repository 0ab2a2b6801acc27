package org.wlcy.classroom.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordListTest {

    @Test
    void oneWordPerLineWithCommentsBlankLinesAndRules() {
        WordList list = WordList.parse("words.txt", "custom", List.of(
                "\uFEFF# our list", "", "  加微信  ", "# rule: scam", "安全账户", "#   rule:insult", "傻逼", "# not a rule"));

        assertThat(list.entries()).containsExactly(new WordList.Entry("加微信", "custom"),
                new WordList.Entry("安全账户", "scam"), new WordList.Entry("傻逼", "insult"));
    }

    @Test
    void badRuleNamesAndOverlongWordsAreRefusedWithTheLine() {
        assertThatThrownBy(() -> WordList.parse("w.txt", "custom", List.of("a", "# rule: Bad Name")))
                .hasMessageContaining("w.txt line 2").hasMessageContaining("rule name");
        assertThatThrownBy(() -> WordList.parse("w.txt", "custom", List.of("x".repeat(WordList.MAX_WORD + 1))))
                .hasMessageContaining("w.txt line 1").hasMessageContaining("longer than");
    }

    @Test
    void theBuiltInListIsShortAndHasOnlyItsThreeRules() {
        WordList builtIn = WordList.builtIn();

        assertThat(builtIn.entries()).hasSizeBetween(10, 100);
        assertThat(builtIn.entries()).extracting(WordList.Entry::rule).containsOnly("insult", "spam", "scam");
        assertThat(builtIn.entries()).extracting(WordList.Entry::word)
                .as("words the course itself teaches are not listed").doesNotContain("微信", "淘宝", "直播", "贷款");
    }

    @Test
    void listsAddUp() {
        WordList a = WordList.parse("a", "one", List.of("x"));
        WordList b = WordList.parse("b", "two", List.of("y"));

        assertThat(a.and(b).entries()).extracting(WordList.Entry::rule).containsExactly("one", "two");
    }
}
