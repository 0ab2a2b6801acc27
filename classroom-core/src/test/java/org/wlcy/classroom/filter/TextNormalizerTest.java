package org.wlcy.classroom.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "微信|微信",
            "微 信|微信",
            "微　信|微信",          // ideographic space
            "微.信|微信",
            "微，信。|微信",        // CJK punctuation
            "微\u200B信|微信",      // zero-width space
            "微\u200D信|微信",      // zero-width joiner
            "微😀信|微信",          // emoji
            "Ｗｅｃｈａｔ|wechat",   // full-width letters
            "ＶＸ１２３|vx123",
            "V-X_1*2*3|vx123",
            "Hello World|helloworld",
            "e\u0301|e",            // combining accent dropped
    })
    void foldsWidthCaseAndWhatIsInsertedBetweenCharacters(String text, String folded) {
        assertThat(TextNormalizer.fold(text).text()).isEqualTo(folded);
    }

    @Test
    void eachFoldedCharacterKnowsWhereItCameFrom() {
        TextNormalizer.Folded f = TextNormalizer.fold("加 😀微.信");

        assertThat(f.text()).isEqualTo("加微信");
        assertThat(f.from()).containsExactly(0, 4, 6);
        assertThat(f.to()).containsExactly(1, 5, 7);
        assertThat(f.originalStart(1)).isEqualTo(4);
        assertThat(f.originalEnd(3)).isEqualTo(7);
    }

    @Test
    void foldedCharactersKnowWhetherTheyStoodSideBySide() {
        TextNormalizer.Folded f = TextNormalizer.fold("my ＷＥ\u200Bc\uD840\uDC00");

        assertThat(f.text()).isEqualTo("mywec\uD840\uDC00");
        assertThat(f.adjacent(0)).as("the first has no neighbour").isFalse();
        assertThat(f.adjacent(1)).as("m|y").isTrue();
        assertThat(f.adjacent(2)).as("y| |Ｗ").isFalse();
        assertThat(f.adjacent(3)).as("Ｗ|Ｅ").isTrue();
        assertThat(f.adjacent(4)).as("Ｅ|zero-width space|c").isFalse();
        assertThat(f.adjacent(5)).as("c|U+20000").isTrue();
        assertThat(f.adjacent(6)).as("the two halves of U+20000").isTrue();
    }

    @Test
    void lettersOutsideTheBasicPlaneKeepBothHalves() {
        String text = "a\uD840\uDC00b"; // U+20000, a CJK extension B ideograph
        TextNormalizer.Folded f = TextNormalizer.fold(text);

        assertThat(f.text()).isEqualTo(text);
        assertThat(f.from()).containsExactly(0, 1, 1, 3);
        assertThat(f.to()).containsExactly(1, 3, 3, 4);
    }

    @Test
    void nothingButSeparatorsFoldsToNothing() {
        assertThat(TextNormalizer.fold(" ，。!? \n\t").text()).isEmpty();
        assertThat(TextNormalizer.fold("").text()).isEmpty();
    }
}
