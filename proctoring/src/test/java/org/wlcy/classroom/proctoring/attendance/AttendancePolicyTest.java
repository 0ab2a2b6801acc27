package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttendancePolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AttendancePolicy p = AttendancePolicy.defaults();

        assertThat(p.classHour()).isEqualTo(Duration.ofMinutes(45));
        assertThat(p.requiredClassHours()).isEqualTo(56);
        assertThat(p.lateThreshold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.earlyLeaveThreshold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.minPresencePercent()).isEqualTo(80);
        assertThat(p.onlineCapPercent()).isEqualTo(50);
        assertThat(p.maxAbsencesAndLeaves()).isEqualTo(2);
        assertThat(p.absenceCounting()).isEqualTo(AbsenceCounting.COMBINED);
        assertThat(p.maxLeaveClassHours()).isEqualTo(4);
        assertThat(p.hiddenTimeCounts()).isFalse();
        assertThat(p.blurredTimeCounts()).isTrue();
        assertThat(p.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.signInRequired()).isFalse();
        assertThat(p.leaveHoursCountTowardRequired()).isTrue();
        assertThat(p.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p.requiredMinutes()).isEqualTo(56 * 45);
        assertThat(p.onlineCapMinutes()).isEqualTo(28 * 45);
    }

    @Test
    void withersChangeOneSetting() {
        AttendancePolicy p = AttendancePolicy.defaults().withOnlineCapPercent(30).withClassHour(Duration.ofMinutes(40));

        assertThat(p.onlineCapPercent()).isEqualTo(30);
        assertThat(p.classHourMinutes()).isEqualTo(40);
        assertThat(p.requiredClassHours()).isEqualTo(56);
        assertThat(p.onlineCapMinutes()).isEqualTo(56 * 40 * 30 / 100);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("classHour 30 s", (UnaryOperator<AttendancePolicy>) p -> p.withClassHour(Duration.ofSeconds(30))),
                Arguments.of("classHour 45.5 min", (UnaryOperator<AttendancePolicy>) p -> p.withClassHour(Duration.ofSeconds(2730))),
                Arguments.of("required -1", (UnaryOperator<AttendancePolicy>) p -> p.withRequiredClassHours(-1)),
                Arguments.of("late negative", (UnaryOperator<AttendancePolicy>) p -> p.withLateThreshold(Duration.ofMinutes(-1))),
                Arguments.of("presence 0%", (UnaryOperator<AttendancePolicy>) p -> p.withMinPresencePercent(0)),
                Arguments.of("presence 101%", (UnaryOperator<AttendancePolicy>) p -> p.withMinPresencePercent(101)),
                Arguments.of("cap 101%", (UnaryOperator<AttendancePolicy>) p -> p.withOnlineCapPercent(101)),
                Arguments.of("cap -1%", (UnaryOperator<AttendancePolicy>) p -> p.withOnlineCapPercent(-1)),
                Arguments.of("max absences -1", (UnaryOperator<AttendancePolicy>) p -> p.withMaxAbsencesAndLeaves(-1)),
                Arguments.of("leave hours 0", (UnaryOperator<AttendancePolicy>) p -> p.withMaxLeaveClassHours(0)),
                Arguments.of("timeout 0", (UnaryOperator<AttendancePolicy>) p -> p.withHeartbeatTimeout(Duration.ZERO)),
                Arguments.of("zone null", (UnaryOperator<AttendancePolicy>) p -> p.withZone(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSettingsAreRefused(String name, UnaryOperator<AttendancePolicy> change) {
        assertThatThrownBy(() -> change.apply(AttendancePolicy.defaults())).isInstanceOfAny(
                IllegalArgumentException.class, NullPointerException.class);
    }
}
