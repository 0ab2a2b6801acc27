package org.wlcy.classroom.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.jobs.JobOutcome;
import org.wlcy.classroom.playback.replay.ClassTraceReader;
import org.wlcy.classroom.playback.replay.Remuxer;
import org.wlcy.classroom.playback.replay.ReplayJob;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** {@link ReplayJob} with a fake remuxer that hands out synthetic recordings (no Janus). */
class ReplayJobTest {
    private static final Instant ORIGIN = Instant.parse("2026-11-29T08:02:00Z");
    private static final long ORIGIN_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, ORIGIN);
    @TempDir
    static Path media;
    static Path video3s;
    static Path video1s;
    static Path audio3s;

    @BeforeAll
    static void makeMedia() throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        video3s = media.resolve("v3.webm");
        video1s = media.resolve("v1.webm");
        audio3s = media.resolve("a3.opus.webm");
        HlsTranscoderTest.writeVfrVp8(video3s, 3_000_000);
        HlsTranscoderTest.writeVfrVp8(video1s, 1_000_000);
        HlsTranscoderTest.writeOpusTone(audio3s, 3_000_000);
    }

    /** Serves each .mjr name as a prepared media file starting at a given offset from the origin. */
    static final class FakeRemuxer implements Remuxer {
        final Map<String, Path> files = new HashMap<>();
        final Map<String, Long> offsets = new HashMap<>();

        FakeRemuxer add(Path source, String name, Path content, long offsetMicros) throws IOException {
            Files.createDirectories(source);
            Files.writeString(source.resolve(name), "mjr");
            files.put(name, content);
            offsets.put(name, offsetMicros);
            return this;
        }

        @Override
        public Header header(Path mjr) throws IOException {
            String n = mjr.getFileName().toString();
            if (!files.containsKey(n)) {
                throw new IOException("no packets");
            }
            return new Header(n.contains("-video-"), n.contains("-video-") ? "vp8" : "opus",
                    ORIGIN_MICROS + offsets.get(n));
        }

        @Override
        public void remux(Path mjr, Path out) throws IOException {
            Files.copy(files.get(mjr.getFileName().toString()), out);
        }
    }

    private static Video replay() {
        return Video.create(new VideoId("rec-1"), new ClassroomId("demo-class"), VideoKind.REPLAY, "示范班",
                "l01", VideoState.PROCESSING, ORIGIN, "cs-1", ORIGIN);
    }

    @Test
    void cameraAndScreenBecomeTracksOnTheRecordingsTimeWithATimeline(@TempDir Path folder) throws Exception {
        Path source = folder.resolve("source");
        FakeRemuxer remuxer = new FakeRemuxer()
                .add(source, "camera-002-l01-audio-0.mjr", audio3s, 200_000)
                .add(source, "camera-002-l01-video-1.mjr", video3s, 250_000)
                .add(source, "screen-001-l01-video-0.mjr", video1s, 1_500_000)
                .add(source, "camera-003-l01-video-1.mjr", video1s, 2_000_000);
        Files.writeString(source.resolve("notes.txt"), "not a recording");
        ClassTraceReader trace = (classroom, from, to) -> java.util.stream.Stream.of(
                new TraceEvent(-1, classroom, "cs-1", new UserId("t01"), TraceKind.DANMAKU, ORIGIN.plusMillis(1200),
                        "srv/1", null, Map.of("name", "王芳", "text", "讲得好！", "color", "#ff8800")),
                new TraceEvent(-1, classroom, "cs-1", new UserId("t01"), TraceKind.CHAT_MESSAGE,
                        ORIGIN.plusMillis(1300), "srv/2", null, Map.of("name", "王芳", "to", "lecturers",
                        "text", "私信")),
                // issue I: a product put on the practice room's shelf 20 minutes before the recording, pinned during it
                new TraceEvent(-1, classroom, "cs-1", new UserId("t01"), TraceKind.COMMERCE_PRODUCT,
                        ORIGIN.minusSeconds(1200), "srv/3", null, Map.of("roomId", "cr-1", "productId", "pr-1",
                        "action", "put", "name", "土蜂蜜", "priceFen", 5900L)),
                new TraceEvent(-1, classroom, "cs-1", new UserId("t01"), TraceKind.COMMERCE_PRODUCT,
                        ORIGIN.plusMillis(1400), "srv/4", null, Map.of("roomId", "cr-1", "productId", "pr-1",
                        "action", "pin")))
                .filter(e -> !e.recordedAt().isBefore(from) && e.recordedAt().isBefore(to)).toList();
        List<Double> progress = new CopyOnWriteArrayList<>();

        JobOutcome outcome = new ReplayJob(remuxer, new HlsTranscoder(), trace)
                .run(replay(), folder, progress::add, () -> false);

        assertThat(outcome.tracks()).containsExactly("camera", "screen");
        assertThat(outcome.durationMillis() / 1000.0).as("the camera ends 3.25 s after the origin")
                .isCloseTo(3.25, within(0.2));
        HlsTranscoderTest.Probe camera = HlsTranscoderTest.probe(folder.resolve("hls/camera/video/index.m3u8"));
        assertThat(camera.firstBrightImageSeconds).as("the larger camera recording, 0.25 s in")
                .isCloseTo(0.25, within(0.1));
        assertThat(camera.firstLoudSeconds).isCloseTo(0.2, within(0.15));
        HlsTranscoderTest.Probe screen = HlsTranscoderTest.probe(folder.resolve("hls/screen/video/index.m3u8"));
        assertThat(screen.firstBrightImageSeconds).as("the screen started 1.5 s after the origin")
                .isCloseTo(1.5, within(0.1));
        assertThat(screen.durationSeconds).isCloseTo(2.5, within(0.3));
        assertThat(Files.readString(folder.resolve("timeline.json")))
                .contains("\"atMs\":1200", "讲得好！").doesNotContain("私信")
                .as("the pin names the product put before the recording").contains("\"kind\":\"commerce-pin\"", "土蜂蜜");
        assertThat(progress).isSorted().hasSizeGreaterThan(10).last().isEqualTo(1.0);
        assertThat(source.resolve("camera-002-l01-video-1.mjr")).as("sources stay").isRegularFile();
    }

    @Test
    void aLecturerWhoReconnectedIsJoinedInTimeAndAnotherLecturersCameraIsLeftOut(@TempDir Path folder)
            throws Exception {
        Path source = folder.resolve("source");
        FakeRemuxer remuxer = new FakeRemuxer()
                .add(source, "camera-001-l01-video-1.mjr", video1s, 0)
                .add(source, "camera-001-l01-audio-0.mjr", audio3s, 0)
                .add(source, "camera-003-l01-video-1.mjr", video1s, 4_000_000)
                .add(source, "camera-003-l01-audio-0.mjr", audio3s, 4_000_000)
                .add(source, "camera-002-l02-video-1.mjr", video1s, 1_000_000);

        JobOutcome outcome = new ReplayJob(remuxer, new HlsTranscoder(), ClassTraceReader.NONE)
                .run(replay(), folder, null, null);

        assertThat(outcome.tracks()).containsExactly("camera");
        assertThat(outcome.durationMillis() / 1000.0).as("0-3 s, a gap, then 4-7 s").isCloseTo(7.0, within(0.25));
        HlsTranscoderTest.Probe camera = HlsTranscoderTest.probe(folder.resolve("hls/camera/audio/index.m3u8"));
        assertThat(camera.samples / 48_000.0).isCloseTo(7.0, within(0.25));
    }

    @Test
    void aRetryReplacesItsOwnOutput(@TempDir Path folder) throws Exception {
        FakeRemuxer remuxer = new FakeRemuxer()
                .add(folder.resolve("source"), "camera-001-l01-video-1.mjr", video1s, 0);
        ReplayJob job = new ReplayJob(remuxer, new HlsTranscoder(), ClassTraceReader.NONE);

        job.run(replay(), folder, null, null);
        JobOutcome again = job.run(replay(), folder, null, null);

        assertThat(again.tracks()).containsExactly("camera");
        assertThat(again.durationMillis() / 1000.0).isCloseTo(1.0, within(0.2));
        assertThat(folder.resolve("timeline.json")).hasContent("{\"version\":1,\"items\":[]}");
    }

    @Test
    void nothingRecordedFailsWithAMessageForTheLecturer(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("source"));
        ReplayJob job = new ReplayJob(new FakeRemuxer(), new HlsTranscoder(), ClassTraceReader.NONE);

        assertThatThrownBy(() -> job.run(replay(), folder, null, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("nothing was recorded");
    }
}
