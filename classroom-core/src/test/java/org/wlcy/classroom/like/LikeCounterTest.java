package org.wlcy.classroom.like;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.testing.MutableClock;

class LikeCounterTest {
    private final MutableClock clock = new MutableClock();
    private final LikeCounter likes = new LikeCounter();

    @Test
    void countsTheTotalAndTheLastSecond() {
        likes.add(3, clock.instant());
        clock.advance(Duration.ofMillis(400));
        likes.add(2, clock.instant());

        assertThat(likes.total()).isEqualTo(5);
        assertThat(likes.lastSecond(clock.instant())).isEqualTo(5);

        clock.advance(Duration.ofMillis(700)); // 1.1 s after the first likes, 0.7 s after the second
        assertThat(likes.lastSecond(clock.instant())).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(likes.lastSecond(clock.instant())).isZero();
        assertThat(likes.total()).isEqualTo(5);
    }

    @Test
    void slotsAreReusedAfterASecond() {
        for (int i = 0; i < 100; i++) {
            likes.add(1, clock.instant());
            clock.advance(Duration.ofMillis(50));
        }
        assertThat(likes.total()).isEqualTo(100);
        assertThat(likes.lastSecond(clock.instant())).isBetween(18L, 20L);
    }
}
