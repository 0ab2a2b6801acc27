package org.wlcy.classroom.protocol;

/** Likes (点赞) during a live lesson: counted per lesson, broadcast coalesced. */
public final class LikeMessages {
    /** Most likes one {@code like.send} carries (a page batches its clicks). */
    public static final int MAX_COUNT = 10;

    private LikeMessages() {
    }

    /** {@code like.send} (lecturers and trainees, during a live lesson): 1-10 likes. */
    public record SendLikeRequest(String requestId, Integer count) implements ClientMessage {
        public SendLikeRequest {
            Fields.requestId(requestId);
            Fields.wholeNumber(count, "count", 1, MAX_COUNT);
        }
    }

    /** {@code like.send.ok}. */
    public record SendLikeResponse(String requestId) implements ServerMessage {
    }

    /**
     * {@code likes.updated}: to everyone in the class at most once per window (500 ms): the
     * lesson's total and the likes of the last second.
     */
    public record LikesUpdatedEvent(long total, long lastSecond) implements ServerMessage {
    }
}
