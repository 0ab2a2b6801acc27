package org.wlcy.classroom.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {
    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "11010519491231002x", "440524198001010013", "320311197001010019"})
    void validNumbersPass(String id) {
        assertThat(ResidentIdNumber.problem(id)).isEmpty();
        assertThat(new ResidentIdNumber(id).value()).isEqualTo(id.toUpperCase());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "110105194912310021 | check character",
            "11010519491231002  | 18 characters",
            "11010519491331002X | birth date",
            "11010518001231002X | before 1900",
            "1101051949123100２X | 18 characters",
            "'' | 18 characters"})
    void wrongNumbersSayWhy(String id, String why) {
        assertThat(ResidentIdNumber.problem(id)).hasValueSatisfying(p -> assertThat(p).contains(why));
        assertThatThrownBy(() -> new ResidentIdNumber(id)).hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void onlyTheMaskedFormIsShown() {
        ResidentIdNumber id = new ResidentIdNumber("11010519491231002X");
        assertThat(id.masked()).isEqualTo("110105********002X");
        assertThat(id.toString()).doesNotContain("19491231");
    }

    @org.junit.jupiter.api.Test
    void theStandardsExampleSaysItsBirthDateAndAWoman() {
        ResidentIdNumber id = new ResidentIdNumber("11010519491231002X");
        assertThat(id.birthDate()).isEqualTo(java.time.LocalDate.of(1949, 12, 31));
        assertThat(id.male()).isFalse();
        assertThat(new ResidentIdNumber("440524198001010013").male()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "110105194912310021, CHECKSUM",
            "1101051949123100XX, FORMAT",
            "1.10105194912310E17, FORMAT",
            "11010519490230002X, BIRTH_DATE",
            "11010520261208002X, BIRTH_DATE"})
    void defectsAreJudgedAgainstToday(String id, ResidentIdNumber.Defect defect) {
        assertThat(ResidentIdNumber.defect(id, java.time.LocalDate.of(2026, 12, 7))).contains(defect);
    }

    @org.junit.jupiter.api.Test
    void typedNumbersAreNormalised() {
        assertThat(ResidentIdNumber.normalise(" 110105 19491231\u3000002x ")).isEqualTo("11010519491231002X");
    }
}
