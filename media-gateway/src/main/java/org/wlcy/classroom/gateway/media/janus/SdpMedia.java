package org.wlcy.classroom.gateway.media.janus;

import java.util.ArrayList;
import java.util.List;
import org.wlcy.classroom.media.RtpCodec;

/**
 * One m-section of an SDP, as far as RTP forwarding needs it: its kind, its {@code mid}, whether
 * it is active (port not 0) and the codec of its first payload type.
 *
 * @param kind    {@code audio}, {@code video} or {@code application}
 * @param mid     the section's {@code a=mid}, or {@code null}
 * @param active  false when the port is 0 (rejected or stopped)
 * @param codec   the first payload type's codec, or {@code null} when it has no {@code a=rtpmap}
 */
record SdpMedia(String kind, String mid, boolean active, RtpCodec codec) {

    /** The m-sections of {@code sdp}, in order. */
    static List<SdpMedia> parse(String sdp) {
        List<SdpMedia> out = new ArrayList<>();
        String kind = null;
        String mid = null;
        boolean active = false;
        int firstPt = -1;
        RtpCodec codec = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (kind != null) {
                    out.add(new SdpMedia(kind, mid, active, codec));
                }
                String[] f = line.substring(2).split(" ");
                kind = f[0];
                mid = null;
                codec = null;
                active = f.length > 1 && !f[1].equals("0");
                firstPt = f.length > 3 && f[3].chars().allMatch(Character::isDigit) ? Integer.parseInt(f[3]) : -1;
            } else if (kind != null && line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else if (kind != null && codec == null && line.startsWith("a=rtpmap:" + firstPt + " ")) {
                String[] enc = line.substring(line.indexOf(' ') + 1).split("/");
                int clock = enc.length > 1 ? Integer.parseInt(enc[1]) : 90000;
                int channels = enc.length > 2 ? Integer.parseInt(enc[2]) : 0;
                codec = new RtpCodec(enc[0], firstPt, clock, channels);
            }
        }
        if (kind != null) {
            out.add(new SdpMedia(kind, mid, active, codec));
        }
        return out;
    }

    /** The first active section of {@code kind} with a mid and a codec, or {@code null}. */
    static SdpMedia first(List<SdpMedia> sections, String kind) {
        return sections.stream()
                .filter(m -> m.kind().equals(kind) && m.active() && m.mid() != null && m.codec() != null)
                .findFirst().orElse(null);
    }
}
