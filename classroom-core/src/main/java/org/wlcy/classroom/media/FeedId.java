package org.wlcy.classroom.media;

/** The media server's id of one published stream (a Janus videoroom feed id). */
public record FeedId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
