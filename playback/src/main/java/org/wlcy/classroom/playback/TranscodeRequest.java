package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to transcode: a video recording and/or an audio recording, into {@code outputDir}.
 * At least one input is required. The output folder is created if needed; the files this
 * transcoder writes there ({@code master.m3u8}, {@code video/}, {@code audio/}) are replaced.
 *
 * @param originMicros when present, media time 0 on the inputs' clock (e.g. the recording's start,
 *                     so that several tracks of one replay play in sync): each input is shifted by
 *                     its start minus the origin (leading black / silence); an input starting before
 *                     the origin is not shifted. When absent, the earlier input is time 0.
 */
public record TranscodeRequest(Optional<MediaInput> video, Optional<MediaInput> audio, Path outputDir,
                               OptionalLong originMicros) {
    public TranscodeRequest {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(originMicros, "originMicros");
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a transcode needs a video input, an audio input or both");
        }
        if (originMicros.isPresent() && originMicros.getAsLong() < 0) {
            throw new IllegalArgumentException("originMicros must be >= 0");
        }
    }

    /** Without an explicit origin: the earlier input is time 0. */
    public TranscodeRequest(Optional<MediaInput> video, Optional<MediaInput> audio, Path outputDir) {
        this(video, audio, outputDir, OptionalLong.empty());
    }

    /** The same request with media time 0 at {@code micros} on the inputs' clock. */
    public TranscodeRequest withOrigin(long micros) {
        return new TranscodeRequest(video, audio, outputDir, OptionalLong.of(micros));
    }

    /** Either input may be {@code null}, not both. */
    public static TranscodeRequest of(MediaInput video, MediaInput audio, Path outputDir) {
        return new TranscodeRequest(Optional.ofNullable(video), Optional.ofNullable(audio), outputDir);
    }
}
