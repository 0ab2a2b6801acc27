package org.wlcy.classroom.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TallyThrottleTest {
    private static final Instant T = Instant.parse("2026-11-29T08:30:00Z");
    private final TallyThrottle throttle = new TallyThrottle(Duration.ofMillis(500));

    @Test
    void theFirstChangeGoesOutAtOnce() {
        assertThat(throttle.changed(T)).contains(Duration.ZERO);
    }

    @Test
    void changesWithinTheIntervalWaitForOneTrailingSend() {
        throttle.sent(T);

        assertThat(throttle.changed(T.plusMillis(100))).contains(Duration.ofMillis(400));
        assertThat(throttle.pending()).isTrue();
        assertThat(throttle.changed(T.plusMillis(200))).as("folded into the scheduled send").isEmpty();
        assertThat(throttle.changed(T.plusMillis(499))).isEmpty();

        throttle.sent(T.plusMillis(500));
        assertThat(throttle.pending()).isFalse();
        assertThat(throttle.changed(T.plusMillis(999))).contains(Duration.ofMillis(1));
    }

    @Test
    void aChangeAfterTheIntervalGoesOutAtOnce() {
        throttle.sent(T);

        assertThat(throttle.changed(T.plusMillis(500))).contains(Duration.ZERO);
        assertThat(throttle.changed(T.plusSeconds(7))).contains(Duration.ZERO);
    }
}
