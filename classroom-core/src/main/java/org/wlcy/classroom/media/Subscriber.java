package org.wlcy.classroom.media;

import java.util.concurrent.CompletionStage;

/** One incoming stream from a room to a browser. {@link #close()} is idempotent. */
public interface Subscriber extends AutoCloseable {

    FeedId feedId();

    /** The media server's SDP offer, to be answered by the browser. */
    String sdpOffer();

    /** Completes the negotiation with the browser's answer; media starts flowing after ICE. */
    CompletionStage<Void> start(String sdpAnswer);

    /** Passes one browser ICE candidate on; {@code null} means end of candidates. */
    void trickle(IceCandidate candidate);

    @Override
    void close();
}
