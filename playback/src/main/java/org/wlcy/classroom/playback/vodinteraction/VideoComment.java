package org.wlcy.classroom.playback.vodinteraction;

import java.time.Instant;

/**
 * A comment on a video, or a reply to one ({@code comments.jsonl} in the video's folder).
 *
 * @param id       unique within the video
 * @param replyTo  the comment it answers, or {@code null} for a new thread
 * @param userId   the writer
 * @param name     the writer's display name
 * @param role     the writer's role (wire name)
 * @param text     as shown (masked words replaced)
 * @param at       server time it was posted
 * @param masked   whether the filter masked something
 */
public record VideoComment(String id, String replyTo, String userId, String name, String role, String text,
                           Instant at, boolean masked) {
}
