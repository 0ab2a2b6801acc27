package org.wlcy.classroom.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2027-01-04T01:00:00Z");

    @Test
    void delaysDoubleUpToTheCapWithJitterInTheUpperHalf_ThenItGivesUp() {
        RetryPolicy low = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), 5, () -> 0.0);
        RetryPolicy high = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), 5, () -> 1.0);
        assertThat(high.next(1, NOW)).contains(NOW.plusSeconds(10));
        assertThat(low.next(1, NOW)).contains(NOW.plusSeconds(5));
        assertThat(high.next(2, NOW)).contains(NOW.plusSeconds(20));
        assertThat(high.next(3, NOW)).contains(NOW.plusSeconds(40));
        assertThat(high.next(4, NOW)).as("capped").contains(NOW.plusSeconds(60));
        assertThat(low.next(4, NOW)).contains(NOW.plusSeconds(30));
        assertThat(high.next(5, NOW)).as("given up after 5 attempts").isEmpty();
        assertThat(new RetryPolicy(Duration.ofDays(1), Duration.ofDays(3650), 100, () -> 1.0).step(90))
                .as("no overflow").isEqualTo(Duration.ofDays(3650));
    }
}
