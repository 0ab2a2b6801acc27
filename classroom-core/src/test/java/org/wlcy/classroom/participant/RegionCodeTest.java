package org.wlcy.classroom.participant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionCodeTest {
    @Test
    void aProvinceOverseesItsPrefecturesAndCountiesOnly() {
        assertThat(RegionCode.covers("110000", "110105")).isTrue();
        assertThat(RegionCode.covers("110000", "120000")).isFalse();
        assertThat(RegionCode.covers("500000", "500101")).isTrue(); // 重庆市 万州区
        assertThat(RegionCode.covers("500000", "510100")).isFalse(); // 四川省 成都市 is not 重庆's
        assertThat(RegionCode.covers("500000", "520000")).isFalse();
    }

    @Test
    void aPrefectureWhoseCodeEndsInZeroDoesNotOverseeItsNeighbour() {
        assertThat(RegionCode.covers("411000", "411002")).isTrue(); // 许昌市 魏都区
        assertThat(RegionCode.covers("411000", "411100")).isFalse(); // 漯河市
        assertThat(RegionCode.covers("411000", "411102")).isFalse();
        assertThat(RegionCode.covers("440300", "440305")).isTrue();
    }

    @Test
    void aCountyOverseesOnlyItselfAndTheNationalLevelEverything() {
        assertThat(RegionCode.covers("110110", "110110")).isTrue();
        assertThat(RegionCode.covers("110110", "110111")).isFalse();
        assertThat(RegionCode.covers("", "650100")).isTrue();
        assertThat(RegionCode.covers("000000", "650100")).isTrue();
        assertThat(RegionCode.covers("110000", null)).isFalse();
        assertThat(RegionCode.scopePrefix("440300")).isEqualTo("4403");
    }
}
