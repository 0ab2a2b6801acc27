package org.wlcy.classroom.playback.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns one media-server recording ({@code .mjr}: RTP packets of one stream) into a file FFmpeg
 * reads. {@link JanusPpRec} runs Janus's own {@code janus-pp-rec}; tests may fake it.
 */
public interface Remuxer {
    /** What one recording holds, from its header. */
    record Header(boolean video, String codec, long firstPacketMicros) {
    }

    /**
     * The recording's header: audio or video, codec, and when its first packet was written
     * ({@code u}, microseconds since the epoch on the media server's clock).
     *
     * @throws IOException not a recording, or it holds no packet
     */
    Header header(Path mjr) throws IOException;

    /**
     * Remuxes {@code mjr} into {@code out} (container by extension: {@code .webm} for VP8,
     * {@code .opus} for Opus), replacing it.
     *
     * @throws IOException the tool failed or wrote nothing
     */
    void remux(Path mjr, Path out) throws IOException;
}
