package org.wlcy.classroom.playback.vodinteraction;

import java.time.Instant;

/**
 * A danmaku on a video, shown at its media time ({@code danmaku.jsonl} in the video's folder; for a
 * replay also the live lesson's danmaku from {@code timeline.json}, {@code source = "live"}).
 *
 * @param id       unique within the video
 * @param atMs     media time, milliseconds
 * @param userId   the sender
 * @param name     the sender's display name
 * @param text     as shown (masked words replaced)
 * @param color    {@code #rrggbb}
 * @param sentAt   server time it was posted ({@code null} for a live one)
 * @param masked   whether the filter masked something
 * @param source   {@code video} (posted while watching) or {@code live} (during the recorded lesson)
 */
public record VideoDanmaku(String id, long atMs, String userId, String name, String text, String color, Instant sentAt,
                           boolean masked, String source) {
}
