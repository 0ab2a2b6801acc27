package org.wlcy.classroom.playback.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.MediaInput;
import org.wlcy.classroom.playback.ProgressListener;
import org.wlcy.classroom.playback.TranscodeRequest;
import org.wlcy.classroom.playback.TranscodeResult;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.jobs.JobOutcome;
import org.wlcy.classroom.playback.jobs.VideoJob;

/**
 * Builds a lesson replay from the recording service's {@code .mjr} files:
 * <ol>
 *   <li>every {@code source/*.mjr} is read ({@code janus-pp-rec -j}: audio or video, first-packet
 *       time {@code u}) and remuxed into {@code work/} (VP8 to .webm, Opus to .opus);</li>
 *   <li>{@code hls/camera/}: the lecturer's camera video with the same publisher's microphone;
 *       {@code hls/screen/}: the screen share's video (only if one was recorded). Both are aligned
 *       to the video's {@code originAt} (the recording's start is media time 0), so they play in
 *       sync: a stream that started later begins with black and silence;</li>
 *   <li>{@code timeline.json} from the class's trace ({@link Timeline}).</li>
 * </ol>
 * Several recordings of one kind (a lecturer who reconnected, two lecturers' cameras) are not
 * joined yet: the publisher with the largest video recording is used for the track (its own
 * audio with it) and the choice is logged. {@code source/} is never changed; {@code work/} is
 * rebuilt on every attempt, so a retry starts clean. Progress: remuxing 0-10 %, transcoding
 * 10-95 % by media size, the timeline to 100 %.
 */
public final class ReplayJob implements VideoJob {
    private static final Logger log = LoggerFactory.getLogger(ReplayJob.class);
    public static final String CAMERA = "camera";
    public static final String SCREEN = "screen";

    private final Remuxer remuxer;
    private final HlsTranscoder transcoder;
    private final ClassTraceReader trace;

    public ReplayJob(Remuxer remuxer, HlsTranscoder transcoder, ClassTraceReader trace) {
        this.remuxer = remuxer;
        this.transcoder = transcoder;
        this.trace = trace;
    }

    /** For {@code VideoJobs.register(VideoKind.REPLAY, ...)}: the job holds no state, one serves all. */
    public Function<Video, VideoJob> factory() {
        return video -> this;
    }

    /** One remuxed recording. */
    private record Remuxed(RecordedStream stream, Path file, long firstPacketMicros, long bytes) {
    }

    @Override
    public JobOutcome run(Video video, Path folder, ProgressListener progress, BooleanSupplier cancelled)
            throws Exception {
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        if (video.originAt() == null) {
            throw new IOException("replay " + video.id() + " has no recording start (originAt)");
        }
        Path source = folder.resolve("source");
        List<RecordedStream> streams = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source)) {
                files.sorted().forEach(f -> RecordedStream.parse(f).ifPresent(streams::add));
            }
        }
        if (streams.isEmpty()) {
            throw new IOException("nothing was recorded: no lecturer camera or screen share was published "
                    + "while the recording ran");
        }
        Path work = folder.resolve("work");
        deleteTree(work);
        Files.createDirectories(work);

        List<Remuxed> remuxed = new ArrayList<>();
        int done = 0;
        for (RecordedStream s : streams) {
            checkCancelled(stop);
            String name = s.file().getFileName().toString().replaceFirst("\\.mjr$", s.video() ? ".webm" : ".opus");
            Path out = work.resolve(name);
            try {
                Remuxer.Header h = remuxer.header(s.file());
                remuxer.remux(s.file(), out);
                remuxed.add(new Remuxed(s, out, h.firstPacketMicros(), Files.size(out)));
            } catch (IOException e) {
                log.warn("replay {}: skipping {}: {}", video.id(), s.file().getFileName(), e.getMessage());
            }
            p.onProgress(0.10 * ++done / streams.size());
        }

        Optional<Remuxed> cameraVideo = largest(remuxed, CAMERA, true);
        Optional<Remuxed> cameraAudio = cameraVideo.isPresent()
                ? remuxed.stream().filter(r -> !r.stream().video() && r.stream().kind().equals(CAMERA)
                        && r.stream().seq() == cameraVideo.get().stream().seq()).findFirst()
                : largest(remuxed, CAMERA, false);
        Optional<Remuxed> screenVideo = largest(remuxed, SCREEN, true);
        logChoices(video, remuxed, cameraVideo, cameraAudio, screenVideo);

        long origin = ChronoUnit.MICROS.between(Instant.EPOCH, video.originAt());
        long cameraBytes = cameraVideo.map(Remuxed::bytes).orElse(0L) + cameraAudio.map(Remuxed::bytes).orElse(0L);
        long screenBytes = screenVideo.map(Remuxed::bytes).orElse(0L);
        long allBytes = Math.max(1, cameraBytes + screenBytes);
        double cameraShare = 0.85 * cameraBytes / allBytes;

        List<String> tracks = new ArrayList<>();
        long durationMicros = 0;
        if (cameraVideo.isPresent() || cameraAudio.isPresent()) {
            TranscodeResult r = transcoder.transcode(TranscodeRequest.of(input(cameraVideo), input(cameraAudio),
                    folder.resolve("hls").resolve(CAMERA)).withOrigin(origin),
                    f -> p.onProgress(0.10 + cameraShare * f), stop);
            tracks.add(CAMERA);
            durationMicros = Math.max(durationMicros, r.durationMicros());
        }
        if (screenVideo.isPresent()) {
            double from = 0.10 + cameraShare;
            double share = 0.95 - from;
            TranscodeResult r = transcoder.transcode(TranscodeRequest.of(input(screenVideo), null,
                    folder.resolve("hls").resolve(SCREEN)).withOrigin(origin), f -> p.onProgress(from + share * f), stop);
            tracks.add(SCREEN);
            durationMicros = Math.max(durationMicros, r.durationMicros());
        }
        if (tracks.isEmpty()) {
            throw new IOException("no recorded stream could be read (" + streams.size() + " files in source/)");
        }
        p.onProgress(0.95);
        long durationMillis = durationMicros / 1000;
        writeTimeline(video, folder, durationMillis);
        p.onProgress(1.0);
        return new JobOutcome(durationMillis, tracks);
    }

    /** Writes {@code timeline.json}; a trace that cannot be read leaves an empty timeline, not a failed replay. */
    private void writeTimeline(Video video, Path folder, long durationMillis) throws IOException {
        List<Map<String, Object>> items;
        try {
            Instant to = video.originAt().plusMillis(durationMillis + 1000);
            items = Timeline.build(trace.read(video.classroomId(), video.originAt(), to), video.sessionId(),
                    video.originAt(), durationMillis);
        } catch (Exception e) {
            log.warn("replay {}: the class trace could not be read, timeline left empty: {}", video.id(), e.toString());
            items = List.of();
        }
        Timeline.write(folder.resolve(Timeline.FILE), items);
    }

    private static Optional<Remuxed> largest(List<Remuxed> all, String kind, boolean video) {
        return all.stream().filter(r -> r.stream().video() == video && r.stream().kind().equals(kind))
                .max(Comparator.comparingLong(Remuxed::bytes));
    }

    private static MediaInput input(Optional<Remuxed> r) {
        return r.map(x -> new MediaInput(x.file(), x.firstPacketMicros())).orElse(null);
    }

    private static void logChoices(Video video, List<Remuxed> all, Optional<Remuxed> camera, Optional<Remuxed> audio,
                                   Optional<Remuxed> screen) {
        long videos = all.stream().filter(r -> r.stream().video()).count();
        long chosen = Stream.of(camera, screen).filter(Optional::isPresent).count();
        if (videos > chosen) {
            log.warn("replay {}: {} video recordings, {} used (camera {}, screen {}); the others are kept in source/",
                    video.id(), videos, chosen, camera.map(r -> r.file().getFileName()).orElse(null),
                    screen.map(r -> r.file().getFileName()).orElse(null));
        }
        log.info("replay {}: camera {} + {}, screen {}", video.id(), camera.map(r -> r.file().getFileName()).orElse(null),
                audio.map(r -> r.file().getFileName()).orElse(null), screen.map(r -> r.file().getFileName()).orElse(null));
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("replay job cancelled");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
