package org.wlcy.classroom.chat;

import java.time.Duration;
import java.util.Objects;
import org.wlcy.classroom.chat.RateLimiter.Rate;

/**
 * The settings of live interaction (config {@code interaction.*}): per-user rates of chat and
 * danmaku (trainees; lecturers are not limited) and how often likes are broadcast.
 */
public record InteractionPolicy(Rate chat, Rate danmaku, Duration likeWindow) {
    public InteractionPolicy {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(danmaku, "danmaku");
        if (likeWindow == null || likeWindow.isNegative() || likeWindow.isZero()) {
            throw new IllegalArgumentException("likeWindow must be positive");
        }
    }

    /** The defaults: chat 20 a minute, danmaku 30 a minute, both 5 in a row; likes every 500 ms. */
    public static InteractionPolicy defaults() {
        return new InteractionPolicy(new Rate(20, 5), new Rate(30, 5), Duration.ofMillis(500));
    }
}
