package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.List;
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
 * @param laterVideo   further recordings of the same video that follow {@code video} in time (a
 *                     publisher that reconnected), each placed by its own start: gaps between them
 *                     hold the last picture, and a frame that overlaps the previous part is dropped
 * @param laterAudio   likewise for audio: gaps become silence, overlapping audio is dropped
 */
public record TranscodeRequest(Optional<MediaInput> video, Optional<MediaInput> audio, Path outputDir,
                               OptionalLong originMicros, List<MediaInput> laterVideo, List<MediaInput> laterAudio) {
    public TranscodeRequest {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(originMicros, "originMicros");
        laterVideo = List.copyOf(laterVideo);
        laterAudio = List.copyOf(laterAudio);
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a transcode needs a video input, an audio input or both");
        }
        if (originMicros.isPresent() && originMicros.getAsLong() < 0) {
            throw new IllegalArgumentException("originMicros must be >= 0");
        }
        if ((video.isEmpty() && !laterVideo.isEmpty()) || (audio.isEmpty() && !laterAudio.isEmpty())) {
            throw new IllegalArgumentException("later parts need a first part");
        }
    }

    /** Without an explicit origin: the earlier input is time 0. */
    public TranscodeRequest(Optional<MediaInput> video, Optional<MediaInput> audio, Path outputDir) {
        this(video, audio, outputDir, OptionalLong.empty(), List.of(), List.of());
    }

    /** Either input may be {@code null}, not both. */
    public static TranscodeRequest of(MediaInput video, MediaInput audio, Path outputDir) {
        return new TranscodeRequest(Optional.ofNullable(video), Optional.ofNullable(audio), outputDir);
    }

    /**
     * Several recordings per kind, joined in time (sorted by their start here). Either list may be
     * empty, not both.
     */
    public static TranscodeRequest ofParts(List<MediaInput> video, List<MediaInput> audio, Path outputDir) {
        List<MediaInput> v = video.stream().sorted(java.util.Comparator.comparingLong(MediaInput::startOffsetMicros))
                .toList();
        List<MediaInput> a = audio.stream().sorted(java.util.Comparator.comparingLong(MediaInput::startOffsetMicros))
                .toList();
        return new TranscodeRequest(v.stream().findFirst(), a.stream().findFirst(), outputDir, OptionalLong.empty(),
                v.isEmpty() ? List.of() : v.subList(1, v.size()), a.isEmpty() ? List.of() : a.subList(1, a.size()));
    }

    /** The same request with media time 0 at {@code micros} on the inputs' clock. */
    public TranscodeRequest withOrigin(long micros) {
        return new TranscodeRequest(video, audio, outputDir, OptionalLong.of(micros), laterVideo, laterAudio);
    }

    /** Every video part in time order (the first, then the later ones). */
    public List<MediaInput> videoParts() {
        return video.map(v -> java.util.stream.Stream.concat(java.util.stream.Stream.of(v), laterVideo.stream()).toList())
                .orElse(List.of());
    }

    /** Every audio part in time order. */
    public List<MediaInput> audioParts() {
        return audio.map(a -> java.util.stream.Stream.concat(java.util.stream.Stream.of(a), laterAudio.stream()).toList())
                .orElse(List.of());
    }
}
