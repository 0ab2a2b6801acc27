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

    /**
     * Starts forwarding this stream's media as plain RTP to UDP ports on {@code host} (for
     * server-side checks such as the proctoring face check). The forward carries the publisher's
     * codecs with the payload types given in the result, so a receiver can describe it in an SDP.
     * Ask for a keyframe ({@link #requestKeyframe()}) once the receiver listens.
     *
     * @param host       destination address, as the media server's host reaches it
     * @param audioPort  UDP port for audio RTP, or 0 to forward no audio
     * @param videoPort  UDP port for video RTP, or 0 to forward no video
     * @return the running forward; fails with {@link MediaException} when the media server refuses
     */
    CompletionStage<RtpForward> forwardRtp(String host, int audioPort, int videoPort);

    /**
     * Starts recording this stream on the media server into files named from {@code fileBase}
     * (Janus writes one {@code <fileBase>-audio-<mindex>.mjr} / {@code -video-<mindex>.mjr} per
     * media section; the folder must exist and must not be one the media server protects). The
     * recording ends with {@link #stopRecording()} or when the publisher closes. Adapters that
     * cannot record fail with {@link MediaException}.
     */
    default CompletionStage<Void> record(java.nio.file.Path fileBase) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new MediaException(0, "this media server cannot record"));
    }

    /** Stops a recording started by {@link #record}; completes at once if none runs or the publisher is closed. */
    default CompletionStage<Void> stopRecording() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
