package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.media.RtpCodec;

/** Reading mids and codecs from a Janus-style SDP answer for {@code rtp_forward}. */
class SdpMediaTest {

    private static final String ANSWER = String.join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.2", "s=VideoRoom 1", "t=0 0",
            "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 127.0.0.2", "a=recvonly", "a=mid:0",
            "a=rtpmap:111 opus/48000/2",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 127.0.0.2", "a=recvonly", "a=mid:1",
            "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
            "m=video 0 UDP/TLS/RTP/SAVPF 96", "a=mid:2", "a=rtpmap:96 VP8/90000", "");

    @Test
    void findsTheFirstActiveAudioAndVideoWithMidAndCodec() {
        List<SdpMedia> sections = SdpMedia.parse(ANSWER);
        assertThat(sections).hasSize(3);
        assertThat(SdpMedia.first(sections, "audio"))
                .isEqualTo(new SdpMedia("audio", "0", true, new RtpCodec("opus", 111, 48000, 2)));
        assertThat(SdpMedia.first(sections, "video"))
                .isEqualTo(new SdpMedia("video", "1", true, new RtpCodec("VP8", 96, 90000, 0)));
        assertThat(sections.get(2).active()).isFalse();
        assertThat(new RtpCodec("VP8", 96, 90000, 0).rtpmap()).isEqualTo("96 VP8/90000");
    }

    @Test
    void noVideoSectionMeansNothingToForward() {
        String audioOnly = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=rtpmap:111 opus/48000/2\r\n";
        assertThat(SdpMedia.first(SdpMedia.parse(audioOnly), "video")).isNull();
        assertThat(SdpMedia.first(SdpMedia.parse(audioOnly), "audio").mid()).isEqualTo("a");
    }
}
