package org.wlcy.classroom.playback.vodinteraction;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import org.wlcy.classroom.chat.InteractionPolicy;
import org.wlcy.classroom.chat.RateLimiter;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * The checks danmaku and comments on videos pass, like live interaction's: per-trainee rates
 * (106 with when to retry; danmaku at {@code interaction.danmakuPerMinute}, comments at the chat
 * rate; lecturers are not limited) and the sensitive-word filter (213 naming the rule, or masked).
 * Thread-safe.
 */
public final class VodGuard {
    /** What is being rate-limited. */
    public enum Kind { DANMAKU, COMMENT }

    private final SensitiveWordFilter filter;
    private final InstantSource clock;
    private final RateLimiter<UserId> danmaku;
    private final RateLimiter<UserId> comments;

    public VodGuard(SensitiveWordFilter filter, InteractionPolicy policy, InstantSource clock) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.danmaku = new RateLimiter<>(policy.danmaku());
        this.comments = new RateLimiter<>(policy.chat());
    }

    /** Takes one of a trainee's tokens for {@code kind}, or throws 106 saying when to try again. */
    public void withinRate(Kind kind, UserId user, Role role) {
        if (role != Role.TRAINEE) {
            return;
        }
        RateLimiter<UserId> limiter = kind == Kind.DANMAKU ? danmaku : comments;
        Duration wait;
        synchronized (limiter) {
            wait = limiter.acquire(user, clock.instant());
        }
        if (!wait.isZero()) {
            RateLimiter.Rate r = limiter.rate();
            long tenths = (wait.toNanos() + 99_999_999) / 100_000_000;
            throw new ClassroomException(ErrorCode.RATE_LIMITED, "too many " + (kind == Kind.DANMAKU ? "danmaku"
                    : "comments") + " (at most " + r.perMinute() + " a minute, " + r.burst() + " in a row); retry after "
                    + String.format(Locale.ROOT, "%d.%d", tenths / 10, tenths % 10) + " s");
        }
    }

    /** The text as others may see it, or 213 naming the rule that refused it. */
    public SensitiveWordFilter.Outcome screen(String text) {
        SensitiveWordFilter.Outcome o = filter.apply(text);
        if (o.refused()) {
            throw new ClassroomException(ErrorCode.CONTENT_REFUSED, "the text was refused by the sensitive-word "
                    + "filter (rule: " + o.refusedByRule() + "); please rephrase it");
        }
        return o;
    }
}
