package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to transcode: a video recording and/or an audio recording, into {@code outputDir}.
 * At least one input is required. The output folder is created if needed; the files this
 * transcoder writes there ({@code master.m3u8}, {@code video/}, {@code audio/}) are replaced.
 */
public record TranscodeRequest(Optional<MediaInput> video, Optional<MediaInput> audio, Path outputDir) {
    public TranscodeRequest {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(outputDir, "outputDir");
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a transcode needs a video input, an audio input or both");
        }
    }

    /** Either input may be {@code null}, not both. */
    public static TranscodeRequest of(MediaInput video, MediaInput audio, Path outputDir) {
        return new TranscodeRequest(Optional.ofNullable(video), Optional.ofNullable(audio), outputDir);
    }
}
