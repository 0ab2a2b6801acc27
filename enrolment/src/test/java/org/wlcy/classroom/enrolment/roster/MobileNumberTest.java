package org.wlcy.classroom.enrolment.roster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MobileNumberTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        "13800138000, 13800138000",
        "'138 0013 8000', 13800138000",
        "138-0013-8000, 13800138000",
        "+8613800138000, 13800138000",
        "'+86 138 0013 8000', 13800138000",
        "8613800138000, 13800138000",
        "12800138000, NONE",   // no mobile prefix 12
        "1380013800, NONE",    // ten digits
        "010-12345678, NONE",  // a landline
        "1380013800０, NONE",  // a full-width digit
        "'', NONE"})
    void readsMainlandMobileNumbersAsTyped(String typed, String expected) {
        assertThat(MobileNumber.read(typed).orElse(null)).isEqualTo(expected);
    }
}
