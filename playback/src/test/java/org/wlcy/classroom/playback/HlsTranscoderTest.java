package org.wlcy.classroom.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic Janus-like recordings (VFR VP8 webm, Opus webm) through {@link HlsTranscoder}. */
class HlsTranscoderTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int RATE = 48_000;

    @TempDir
    static Path inputs;
    static Path video;
    static Path audio;

    private final HlsTranscoder transcoder = new HlsTranscoder();

    @BeforeAll
    static void makeInputs() throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        video = inputs.resolve("videoroom-1-user-2-video-1.webm");
        audio = inputs.resolve("videoroom-1-user-2-audio-0.webm");
        writeVfrVp8(video, 3_000_000);
        writeOpusTone(audio, 3_000_000);
    }

    /** VP8 at irregular timestamps (33, 66, 100 ms steps), like a WebRTC recording. */
    static void writeVfrVp8(Path file, long durationMicros) throws Exception {
        writeVfrVp8(file, durationMicros, W, H);
    }

    static void writeVfrVp8(Path file, long durationMicros, int width, int height) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("webm");
            r.setVideoCodec(avcodec.AV_CODEC_ID_VP8);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(30);
            r.setVideoBitrate(300_000);
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "8");
            r.start();
            Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer px = (ByteBuffer) f.image[0];
            long[] steps = {33_333, 66_667, 100_000};
            int i = 0;
            for (long t = 0; t < durationMicros; t += steps[i++ % steps.length]) {
                for (int p = 0; p < px.capacity(); p++) {
                    px.put(p, (byte) ((p / 3 + i * 7) & 0xff));
                }
                r.setTimestamp(t);
                r.record(f);
            }
            r.stop();
        }
    }

    /** A 440 Hz tone in Opus (as janus-pp-rec writes it), mono 48 kHz. */
    static void writeOpusTone(Path file, long durationMicros) throws Exception {
        writeOpusTone(file, durationMicros, 1);
    }

    static void writeOpusTone(Path file, long durationMicros, int channels) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), channels)) {
            r.setFormat("webm");
            r.setAudioCodecName("libopus");
            r.setSampleRate(RATE);
            r.setAudioBitrate(48_000);
            r.start();
            long total = durationMicros * RATE / 1_000_000;
            short[] chunk = new short[960 * channels];
            for (long n = 0; n < total; n += 960) {
                for (int k = 0; k < chunk.length; k++) {
                    chunk[k] = (short) (12_000 * Math.sin(2 * Math.PI * 440 * (n + k / channels) / RATE));
                }
                r.recordSamples(RATE, channels, ShortBuffer.wrap(chunk));
            }
            r.stop();
        }
    }

    @Test
    void videoAndAudioBecomeVodHlsWithBothRenditions(@TempDir Path out) throws Exception {
        List<Double> progress = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        TranscodeResult result = transcoder.transcode(
                TranscodeRequest.of(MediaInput.of(video), MediaInput.of(audio), out), progress::add, () -> false);
        System.out.printf("transcode 3 s VFR VP8 + Opus: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        String master = Files.readString(result.masterPlaylist());
        assertThat(master).startsWith("#EXTM3U").contains("video/index.m3u8", "audio/index.m3u8",
                "RESOLUTION=320x240", "avc1.", "mp4a.40.2");
        String videoPlaylist = Files.readString(result.videoPlaylist().orElseThrow());
        assertThat(videoPlaylist).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "seg_00000.ts");
        assertThat(Files.readString(result.audioPlaylist().orElseThrow())).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
        assertThat(result.width()).isEqualTo(W);
        assertThat(result.height()).isEqualTo(H);
        assertThat(result.durationMicros() / 1e6).isCloseTo(3.0, within(0.5));

        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.videoCodec).isEqualTo("h264");
        assertThat(v.audioCodec).isEqualTo("aac");
        assertThat(v.frames).isGreaterThan(20);
        assertThat(v.width).isEqualTo(W);
        assertThat(v.samples).isGreaterThan(RATE * 2L);
        assertThat(v.durationSeconds).isCloseTo(3.0, within(0.5));

        Probe a = probe(result.audioPlaylist().orElseThrow());
        assertThat(a.videoCodec).isNull();
        assertThat(a.audioCodec).isEqualTo("aac");
        assertThat(a.frames).isZero();
        assertThat(a.samples).isGreaterThan(RATE * 2L);
        assertThat(a.durationSeconds).isCloseTo(3.0, within(0.5));
        assertThat(a.firstLoudSeconds).isCloseTo(0.0, within(0.15));

        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
        assertThat(progress.size()).isGreaterThan(10);
    }

    @Test
    void laterAudioIsPaddedByItsOffset(@TempDir Path out) throws Exception {
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(
                new MediaInput(video, 5_000_000), new MediaInput(audio, 6_000_000), out), null, null);

        assertThat(result.durationMicros() / 1e6).isCloseTo(4.0, within(0.5));
        Probe a = probe(result.audioPlaylist().orElseThrow());
        assertThat(a.durationSeconds).isCloseTo(4.0, within(0.5));
        assertThat(a.firstLoudSeconds).isCloseTo(1.0, within(0.15));
        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.durationSeconds).isCloseTo(4.0, within(0.5));
        assertThat(v.firstLoudSeconds).isCloseTo(1.0, within(0.15));
    }

    @Test
    void laterVideoStartsOnABlackFrameWithAudioFromZero(@TempDir Path out) throws Exception {
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(
                new MediaInput(video, 1_000_000), new MediaInput(audio, 0), out), null, null);

        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.durationSeconds).isCloseTo(4.0, within(0.5));
        assertThat(v.firstLoudSeconds).isCloseTo(0.0, within(0.15));
        assertThat(v.firstImageSeconds).isCloseTo(0.0, within(0.1));
        assertThat(v.firstImageMean).isLessThan(30);
        assertThat(v.firstBrightImageSeconds).isCloseTo(1.0, within(0.1));
        assertThat(probe(result.audioPlaylist().orElseThrow()).durationSeconds).isCloseTo(3.0, within(0.5));
    }

    @Test
    void videoAbove720pIsScaledDownKeepingAspect(@TempDir Path out) throws Exception {
        Path big = inputs.resolve("big.webm");
        writeVfrVp8(big, 500_000, 1920, 1080);
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(MediaInput.of(big), null, out), null, null);
        assertThat(result.width()).isEqualTo(1280);
        assertThat(result.height()).isEqualTo(720);
        assertThat(result.audioPlaylist()).isEmpty();
        assertThat(Files.readString(result.masterPlaylist())).contains("RESOLUTION=1280x720,CODECS=\"avc1.42e01f\"")
                .doesNotContain("audio/");
        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.width).isEqualTo(1280);
        assertThat(v.audioCodec).isNull();
        assertThat(v.frames).isPositive();
    }

    @Test
    void stereoAudioKeepsItsLengthAndAFailedRetryKeepsTheOldPackage(@TempDir Path out) throws Exception {
        Path stereo = inputs.resolve("stereo.opus.webm");
        writeOpusTone(stereo, 2_000_000, 2);
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(null, MediaInput.of(stereo), out), null, null);
        Probe a = probe(result.audioPlaylist().orElseThrow());
        assertThat(a.durationSeconds).isCloseTo(2.0, within(0.5));
        assertThat(a.samples / (double) RATE).isCloseTo(2.0, within(0.2));

        assertThatThrownBy(() -> transcoder.transcode(
                TranscodeRequest.of(null, MediaInput.of(inputs.resolve("gone.opus")), out), null, null))
                .isInstanceOf(TranscodeException.class);
        assertThat(result.masterPlaylist()).exists();
        assertThat(result.audioPlaylist().orElseThrow()).exists();
    }

    @Test
    void garbageInputFailsClearlyAndLeavesNoOutput(@TempDir Path out) throws Exception {
        Path garbage = inputs.resolve("garbage.webm");
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(noise);
        Files.write(garbage, noise);

        assertThatThrownBy(() -> transcoder.transcode(
                TranscodeRequest.of(MediaInput.of(garbage), MediaInput.of(audio), out), null, null))
                .isInstanceOf(TranscodeException.class)
                .hasMessageContaining("video input")
                .hasMessageContaining("garbage.webm");
        assertThatThrownBy(() -> transcoder.transcode(
                TranscodeRequest.of(null, MediaInput.of(inputs.resolve("missing.opus")), out), null, null))
                .isInstanceOf(TranscodeException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> transcoder.transcode(
                TranscodeRequest.of(null, MediaInput.of(video), out), null, null))
                .isInstanceOf(TranscodeException.class)
                .hasMessageContaining("has no audio stream");
        assertThat(out.resolve("master.m3u8")).doesNotExist();
        assertThat(out.resolve("video")).doesNotExist();
    }

    @Test
    void cancellationStopsTheJobAndRemovesPartialOutput(@TempDir Path out) {
        AtomicBoolean cancel = new AtomicBoolean();
        assertThatThrownBy(() -> transcoder.transcode(
                TranscodeRequest.of(MediaInput.of(video), MediaInput.of(audio), out),
                p -> { if (p > 0.3) cancel.set(true); }, cancel::get))
                .isInstanceOf(CancellationException.class);
        assertThat(out.resolve("master.m3u8")).doesNotExist();
        assertThat(out.resolve("video")).doesNotExist();
        assertThat(out.resolve("audio")).doesNotExist();
    }

    /** A replay's tracks share the recording's start as origin: both inputs get leading black / silence. */
    @Test
    void anExplicitOriginShiftsBothInputsByTheirDistanceFromIt(@TempDir Path out) throws Exception {
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(
                new MediaInput(video, 11_500_000), new MediaInput(audio, 11_000_000), out).withOrigin(10_000_000),
                null, null);

        assertThat(result.durationMicros() / 1e6).isCloseTo(4.5, within(0.3));
        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.durationSeconds).isCloseTo(4.5, within(0.5));
        assertThat(v.firstImageMean).as("black until the video starts").isLessThan(30);
        assertThat(v.firstBrightImageSeconds).isCloseTo(1.5, within(0.1));
        assertThat(v.firstLoudSeconds).isCloseTo(1.0, within(0.15));
        Probe a = probe(result.audioPlaylist().orElseThrow());
        assertThat(a.firstLoudSeconds).isCloseTo(1.0, within(0.15));
    }

    /** A publisher that reconnected: its recordings are joined in time; a gap holds, an overlap is dropped. */
    @Test
    void laterPartsAreJoinedInTimeWithGapsKeptAndOverlapsDropped(@TempDir Path out) throws Exception {
        Path shortVideo = out.resolve("short.webm");
        writeVfrVp8(shortVideo, 1_000_000);
        TranscodeResult result = transcoder.transcode(TranscodeRequest.ofParts(
                List.of(new MediaInput(shortVideo, 12_000_000), new MediaInput(video, 10_000_000)),
                List.of(new MediaInput(audio, 10_000_000), new MediaInput(audio, 11_000_000)),
                out.resolve("hls")).withOrigin(10_000_000), null, null);

        assertThat(result.durationMicros() / 1e6).as("audio 0-3 s then 3-4 s of the overlapping part")
                .isCloseTo(4.0, within(0.2));
        Probe v = probe(result.videoPlaylist().orElseThrow());
        assertThat(v.durationSeconds).isCloseTo(4.0, within(0.5));
        assertThat(v.frames).as("3 s of the first part (until 3 s) and 1 s of the second (2-3 s overlaps)")
                .isBetween(20, 120);
        Probe a = probe(result.audioPlaylist().orElseThrow());
        assertThat(a.samples / (double) RATE).isCloseTo(4.0, within(0.2));
    }

    @Test
    void audioOnlyRecordingGivesAnAudioOnlyPackage(@TempDir Path out) throws Exception {
        TranscodeResult result = transcoder.transcode(TranscodeRequest.of(null, MediaInput.of(audio), out), null, null);
        assertThat(result.videoPlaylist()).isEmpty();
        assertThat(Files.readString(result.masterPlaylist())).contains("audio/index.m3u8").doesNotContain("video/");
        assertThat(probe(result.audioPlaylist().orElseThrow()).durationSeconds).isCloseTo(3.0, within(0.5));
    }

    static final class Probe {
        String videoCodec;
        String audioCodec;
        int width;
        int frames;
        long samples;
        double durationSeconds;
        double firstLoudSeconds = -1;
        double firstImageSeconds = -1;
        double firstImageMean = -1;
        double firstBrightImageSeconds = -1;
    }

    static Probe probe(Path playlist) throws Exception {
        Probe p = new Probe();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(playlist.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.start();
            p.videoCodec = g.getVideoStream() >= 0 ? g.getVideoCodecName() : null;
            p.audioCodec = g.getAudioStream() >= 0 ? g.getAudioCodecName() : null;
            p.width = g.getImageWidth();
            p.durationSeconds = g.getLengthInTime() / 1e6;
            int channels = Math.max(1, g.getAudioChannels());
            int rate = g.getSampleRate();
            Frame f;
            long start = -1;
            while ((f = g.grab()) != null) {
                if (start < 0) {
                    start = f.timestamp;
                }
                if (f.image != null) {
                    p.frames++;
                    double mean = mean((ByteBuffer) f.image[0]);
                    double at = (f.timestamp - start) / 1e6;
                    if (p.firstImageSeconds < 0) {
                        p.firstImageSeconds = at;
                        p.firstImageMean = mean;
                    }
                    if (p.firstBrightImageSeconds < 0 && mean > 60) {
                        p.firstBrightImageSeconds = at;
                    }
                }
                if (f.samples != null) {
                    ShortBuffer s = (ShortBuffer) f.samples[0];
                    int n = s.remaining() / channels;
                    if (p.firstLoudSeconds < 0) {
                        for (int k = 0; k < n; k++) {
                            if (Math.abs(s.get(s.position() + k * channels)) > 3000) {
                                p.firstLoudSeconds = (double) (p.samples + k) / rate;
                                break;
                            }
                        }
                    }
                    p.samples += n;
                }
            }
            g.stop();
        }
        return p;
    }

    private static double mean(ByteBuffer px) {
        long sum = 0;
        int n = 0;
        for (int i = 0; i < px.limit(); i += 97) {
            sum += px.get(i) & 0xff;
            n++;
        }
        return (double) sum / Math.max(1, n);
    }
}
