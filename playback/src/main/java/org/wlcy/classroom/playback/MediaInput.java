package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One remuxed Janus recording ({@code janus-pp-rec in.mjr out.webm|out.opus}).
 *
 * @param file              the .webm (VP8) or .opus/.webm (Opus) file
 * @param startOffsetMicros when its first packet was received, in microseconds on any clock shared
 *                          by the inputs of one job; {@code janus-pp-rec -j} prints it as {@code u}.
 *                          Only differences between the inputs matter: the earlier input starts the
 *                          replay at 0 and the later one is padded by the difference.
 */
public record MediaInput(Path file, long startOffsetMicros) {
    public MediaInput {
        Objects.requireNonNull(file, "file");
        if (startOffsetMicros < 0) {
            throw new IllegalArgumentException("startOffsetMicros must be >= 0: " + startOffsetMicros);
        }
    }

    public static MediaInput of(Path file) {
        return new MediaInput(file, 0);
    }
}
