package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wlcy.classroom.proctoring.attendance.Traces.t;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeIntervalTest {
    private static TimeInterval i(String from, String to) {
        return new TimeInterval(t(from), t(to));
    }

    @Test
    void unionMergesOverlappingAndTouchingAndDropsEmpty() {
        assertThat(TimeInterval.union(List.of(i("02:00", "03:00"), i("01:00", "01:30"), i("01:30", "02:10"),
                i("05:00", "05:00")))).containsExactly(i("01:00", "03:00"));
    }

    @Test
    void subtractCutsHoles() {
        assertThat(TimeInterval.subtract(List.of(i("01:00", "04:00")),
                List.of(i("00:30", "01:10"), i("02:00", "02:30"), i("03:50", "05:00"))))
                .containsExactly(i("01:10", "02:00"), i("02:30", "03:50"));
        assertThat(TimeInterval.subtract(List.of(i("01:00", "02:00")), List.of(i("00:00", "03:00")))).isEmpty();
    }

    @Test
    void clipAndTotal() {
        List<TimeInterval> clipped = TimeInterval.clip(List.of(i("00:00", "01:30"), i("03:30", "05:00")),
                t("01:00"), t("04:00"));
        assertThat(clipped).containsExactly(i("01:00", "01:30"), i("03:30", "04:00"));
        assertThat(TimeInterval.total(clipped)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anIntervalCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> i("02:00", "01:00")).isInstanceOf(IllegalArgumentException.class);
    }
}
