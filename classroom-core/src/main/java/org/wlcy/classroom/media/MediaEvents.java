package org.wlcy.classroom.media;

/**
 * What a media server tells about one publisher or subscriber. Called on the adapter's threads;
 * implementations hop onto their own lane. All methods default to no-ops.
 */
public interface MediaEvents {

    /** The media server's own ICE candidate for the browser; {@code null} = end of candidates. */
    default void onLocalCandidate(IceCandidate candidate) {
    }

    /** ICE and DTLS are up: media flows. */
    default void onConnected() {
    }

    /** The media server dropped this peer connection (ICE failure, DTLS alert, timeout...). */
    default void onHangup(String reason) {
    }
}
