package org.wlcy.classroom.media;

import java.util.concurrent.CompletionStage;

/**
 * A running forward of one publisher's media as plain (unencrypted) RTP to UDP ports, made by
 * {@link Publisher#forwardRtp}. Used by server-side checks that must look at what a browser really
 * publishes. The media server stops forwarding when {@link #stop()} is called or the publisher
 * goes away.
 */
public interface RtpForward {

    /** The destination host packets are sent to. */
    String host();

    /** UDP port audio RTP goes to; 0 when audio is not forwarded. */
    int audioPort();

    /** UDP port video RTP goes to; 0 when video is not forwarded. */
    int videoPort();

    /** The forwarded video's codec and payload type; {@code null} when the stream has no video. */
    RtpCodec video();

    /** The forwarded audio's codec and payload type; {@code null} when audio is not forwarded. */
    RtpCodec audio();

    /** Stops the forward; idempotent. Completes once the media server confirmed (or was gone). */
    CompletionStage<Void> stop();
}
