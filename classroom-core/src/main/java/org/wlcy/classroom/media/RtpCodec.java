package org.wlcy.classroom.media;

import java.util.Objects;

/**
 * The codec of one forwarded RTP stream, enough to describe it in an SDP {@code a=rtpmap} line.
 *
 * @param encoding     encoding name as in {@code a=rtpmap}, e.g. {@code "VP8"} or {@code "opus"}
 * @param payloadType  RTP payload type the packets carry (96-127 for dynamic types)
 * @param clockRate    RTP clock rate, e.g. 90000 for video, 48000 for Opus
 * @param channels     audio channels (2 for Opus), 0 for video
 */
public record RtpCodec(String encoding, int payloadType, int clockRate, int channels) {
    public RtpCodec {
        Objects.requireNonNull(encoding, "encoding");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive");
        }
    }

    /** The value of an SDP {@code a=rtpmap} attribute, e.g. {@code "96 VP8/90000"}. */
    public String rtpmap() {
        return payloadType + " " + encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }
}
