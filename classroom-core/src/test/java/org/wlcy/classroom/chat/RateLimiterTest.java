package org.wlcy.classroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.RateLimiter.Rate;
import org.wlcy.classroom.testing.MutableClock;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock();
    private final RateLimiter<String> limiter = new RateLimiter<>(new Rate(20, 5));

    private Duration take(String who) {
        return limiter.acquire(who, clock.instant());
    }

    @Test
    void aBurstOfFiveThenOneEveryThreeSeconds() {
        for (int i = 0; i < 5; i++) {
            assertThat(take("t1")).as("token %d of the burst", i + 1).isZero();
        }
        assertThat(take("t1")).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofMillis(2999));
        assertThat(take("t1")).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(take("t1")).isZero();
        assertThat(take("t1")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRefusalTakesNothing() {
        for (int i = 0; i < 5; i++) {
            take("t1");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(take("t1")).isPositive();
        }
        clock.advance(Duration.ofSeconds(3));
        assertThat(take("t1")).isZero();
    }

    @Test
    void aQuietUserSavesUpNoMoreThanTheBurst() {
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(take("t1")).isZero();
        }
        assertThat(take("t1")).isPositive();
    }

    @Test
    void theLongRunRateIsPerMinute() {
        int granted = 0;
        Instant end = clock.instant().plus(Duration.ofMinutes(10));
        while (clock.instant().isBefore(end)) {
            if (take("t1").isZero()) {
                granted++;
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(granted).isBetween(200, 205); // 20 a minute for 10 minutes, plus the first burst
    }

    @Test
    void eachUserHasTheirOwnBucket() {
        for (int i = 0; i < 5; i++) {
            take("t1");
        }
        assertThat(take("t1")).isPositive();
        assertThat(take("t2")).isZero();
    }

    @Test
    void ratesMustBePositive() {
        assertThatThrownBy(() -> new Rate(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
