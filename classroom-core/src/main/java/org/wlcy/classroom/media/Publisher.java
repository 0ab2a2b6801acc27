package org.wlcy.classroom.media;

import java.util.concurrent.CompletionStage;

/** One outgoing stream from a browser into a room. {@link #close()} is idempotent. */
public interface Publisher extends AutoCloseable {

    FeedId feedId();

    /** The media server's SDP answer to the browser's offer. */
    String sdpAnswer();

    /** Passes one browser ICE candidate on; {@code null} means end of candidates. */
    void trickle(IceCandidate candidate);

    /** Asks the publisher for a fresh keyframe (used by recorders and server-side checks). */
    CompletionStage<Void> requestKeyframe();

    @Override
    void close();
}
