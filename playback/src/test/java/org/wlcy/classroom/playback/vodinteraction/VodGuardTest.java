package org.wlcy.classroom.playback.vodinteraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.chat.RateLimiter.Rate;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

class VodGuardTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T08:00:00Z"));
    private final InteractionPolicy policy = new InteractionPolicy(new Rate(6, 2), new Rate(12, 3),
            java.time.Duration.ofMillis(500));

    private VodGuard guard(FilterMode mode) {
        WordList words = WordList.parse("test", "spam", List.of("加微信", "# rule: bad", "傻瓜"));
        return new VodGuard(new SensitiveWordFilter(words, mode), policy, now::get);
    }

    @Test
    void theFilterMasksOrRefuses() {
        SensitiveWordFilter.Outcome o = guard(FilterMode.MASK).screen("快来 加 微 信 聊");
        assertThat(o.masked()).isTrue();
        assertThat(o.text()).doesNotContain("微");
        assertThatThrownBy(() -> guard(FilterMode.REFUSE).screen("加微信"))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_REFUSED);
                    assertThat(e.getMessage()).contains("rule: spam").doesNotContain("微信");
                });
        assertThat(guard(FilterMode.REFUSE).screen("讲得好").masked()).isFalse();
    }

    @Test
    void traineesAreRateLimitedPerKindAndLecturersAreNot() {
        VodGuard g = guard(FilterMode.MASK);
        UserId t = new UserId("t01");
        for (int i = 0; i < 3; i++) {
            g.withinRate(VodGuard.Kind.DANMAKU, t, Role.TRAINEE);
        }
        assertThatThrownBy(() -> g.withinRate(VodGuard.Kind.DANMAKU, t, Role.TRAINEE))
                .isInstanceOfSatisfying(ClassroomException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("retry after 5.0 s");
                });
        g.withinRate(VodGuard.Kind.COMMENT, t, Role.TRAINEE);
        g.withinRate(VodGuard.Kind.DANMAKU, new UserId("t02"), Role.TRAINEE);
        for (int i = 0; i < 10; i++) {
            g.withinRate(VodGuard.Kind.DANMAKU, new UserId("l01"), Role.LECTURER);
        }
        now.set(now.get().plusSeconds(5));
        g.withinRate(VodGuard.Kind.DANMAKU, t, Role.TRAINEE);
    }
}
