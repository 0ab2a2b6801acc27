package org.wlcy.classroom.playback.watch;

import java.util.Objects;

/**
 * One playback report from the watch page.
 *
 * @param seq      increases with every heartbeat of one page (older or repeated ones are ignored)
 * @param position media time now, seconds
 * @param from     for a seek: media time just before it, else {@code null}
 * @param rate     playback rate (1 = normal)
 * @param playing  whether the video is playing now
 * @param visible  whether the page is visible and focused
 * @param event    why it was sent
 */
public record Heartbeat(long seq, double position, Double from, double rate, boolean playing, boolean visible,
                        HeartbeatEvent event) {
    public Heartbeat {
        Objects.requireNonNull(event, "event");
        if (seq < 0 || !Double.isFinite(position) || position < 0 || !Double.isFinite(rate) || rate <= 0 || rate > 16
                || from != null && (!Double.isFinite(from) || from < 0)) {
            throw new IllegalArgumentException("seq >= 0, position >= 0, 0 < rate <= 16, from >= 0");
        }
    }
}
