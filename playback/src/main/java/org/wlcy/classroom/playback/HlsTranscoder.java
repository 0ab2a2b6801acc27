package org.wlcy.classroom.playback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Janus recordings, remuxed by {@code janus-pp-rec} (VP8 in .webm, Opus in .opus/.webm),
 * into a VOD HLS package for live replay:
 * <pre>
 * outputDir/master.m3u8            lists the renditions below
 * outputDir/video/index.m3u8, *.ts H.264 (libopenh264, source size, at most 720 lines) + AAC
 * outputDir/audio/index.m3u8, *.ts AAC only (for weak connections / listening)
 * </pre>
 * Playlists are VOD ({@code hls_playlist_type=vod}, {@code hls_list_size=0}, ~4 s segments).
 *
 * <p><b>Alignment.</b> Each input carries the first-packet time of its recording; the earlier
 * input starts the replay timeline at 0 (or, with {@link TranscodeRequest#originMicros()}, the
 * given origin does) and the later one is shifted by the difference: audio
 * is padded with silence, video starts on a black frame. Within an input the grabber's
 * timestamps are carried over (WebRTC video has a variable frame rate): video is placed on a
 * 1/30 s grid (frames falling on an already used grid slot are dropped), and gaps in the audio
 * (e.g. Opus DTX) are filled with silence so audio never drifts against video.
 *
 * <p><b>Threading.</b> {@link #transcode} is synchronous and CPU-heavy (roughly 5-25x realtime
 * on one core): call it only from a job executor thread, never from a request, event-loop or
 * WebSocket thread. It reports progress on the calling thread and stops, with a
 * {@link CancellationException}, soon after {@code cancelled} turns true or the thread is
 * interrupted. Instances hold no state and may be shared by concurrent jobs.
 */
public final class HlsTranscoder {
    private static final Logger log = LoggerFactory.getLogger(HlsTranscoder.class);

    static final String MASTER = "master.m3u8";
    static final String VIDEO_DIR = "video";
    static final String AUDIO_DIR = "audio";
    static final String PLAYLIST = "index.m3u8";

    private static final int SEGMENT_SECONDS = 4;
    private static final int MAX_HEIGHT = 720;
    /** Time grid of the H.264 stream; also what openh264's rate control assumes. */
    private static final int TIMELINE_FPS = 30;
    private static final int AUDIO_SAMPLE_RATE = 48_000;
    private static final int AUDIO_BITRATE = 96_000;
    /** Audio gaps longer than this are filled with silence. */
    private static final long AUDIO_GAP_MICROS = 20_000;
    private static final double PROGRESS_STEP = 0.01;

    /**
     * Transcodes {@code request} into HLS; see the class comment for layout, alignment and
     * threading.
     *
     * @param progress  fractions 0..1 by output timestamp over the aligned duration, never
     *                  decreasing, ending with 1.0 on success
     * @param cancelled polled between frames; true (or an interrupt) aborts the job
     * @throws TranscodeException    an input is missing, unreadable or lacks the expected stream,
     *                               or encoding fails; partial output is removed
     * @throws CancellationException the job was cancelled; partial output is removed
     */
    public TranscodeResult transcode(TranscodeRequest request, ProgressListener progress, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        Job job = new Job(request, progress == null ? ProgressListener.NONE : progress,
                cancelled == null ? () -> false : cancelled);
        boolean ok = false;
        try {
            TranscodeResult result = job.run();
            ok = true;
            log.info("HLS {} ({} s of media) in {} ms", result.masterPlaylist(),
                    String.format(Locale.ROOT, "%.1f", result.durationMicros() / 1e6),
                    (System.nanoTime() - started) / 1_000_000);
            return result;
        } finally {
            job.close();
            if (!ok) {
                job.deleteOutput();
            }
        }
    }

    /** One transcode's native resources and state; used by one thread. */
    private static final class Job {
        private final TranscodeRequest request;
        private final ProgressListener progress;
        private final BooleanSupplier cancelled;
        private final Path out;

        private FFmpegFrameGrabber videoIn;
        private FFmpegFrameGrabber audioIn;
        /** Whether the request has video / audio (the grabbers are null once their last part ended). */
        private boolean hasVideo;
        private boolean hasAudio;
        private FFmpegFrameRecorder videoOut;
        private FFmpegFrameRecorder audioOut;
        /** Set once this job starts replacing files in the output folder; before that a failure leaves it alone. */
        private boolean outputTouched;

        /** Shift of the part being read now (each part is placed by its own start). */
        private long videoShift;
        private long audioShift;
        private List<MediaInput> videoParts = List.of();
        private List<MediaInput> audioParts = List.of();
        private long[] videoShifts;
        private long[] audioShifts;
        private int videoPart;
        private int audioPart;
        private long totalMicros;
        private double reported = -1;

        private int inRate;
        private int inChannels;
        private long samplesWritten;
        private long lastGridSlot = -1;
        private long videoEnd;
        private long droppedVideoFrames;

        Job(TranscodeRequest request, ProgressListener progress, BooleanSupplier cancelled) {
            this.request = request;
            this.progress = progress;
            this.cancelled = cancelled;
            this.out = request.outputDir().toAbsolutePath();
        }

        TranscodeResult run() {
            Optional<MediaInput> video = request.video();
            Optional<MediaInput> audio = request.audio();
            video.ifPresent(v -> checkReadable(v, "video"));
            audio.ifPresent(a -> checkReadable(a, "audio"));
            if (video.isPresent()) {
                videoIn = open(video.get(), "video");
                hasVideo = true;
                if (videoIn.getVideoStream() < 0 || videoIn.getImageWidth() <= 0 || videoIn.getImageHeight() <= 0) {
                    throw new TranscodeException("Video input " + video.get().file() + " has no video stream");
                }
            }
            if (audio.isPresent()) {
                audioIn = open(audio.get(), "audio");
                hasAudio = true;
                if (audioIn.getAudioStream() < 0 || audioIn.getAudioChannels() <= 0 || audioIn.getSampleRate() <= 0) {
                    throw new TranscodeException("Audio input " + audio.get().file() + " has no audio stream");
                }
                inRate = audioIn.getSampleRate();
                inChannels = audioIn.getAudioChannels();
            }

            videoParts = request.videoParts();
            audioParts = request.audioParts();
            videoParts.forEach(v -> checkReadable(v, "video"));
            audioParts.forEach(a -> checkReadable(a, "audio"));
            long base = request.originMicros().orElse(
                    Math.min(video.map(MediaInput::startOffsetMicros).orElse(Long.MAX_VALUE),
                            audio.map(MediaInput::startOffsetMicros).orElse(Long.MAX_VALUE)));
            videoShifts = videoParts.stream().mapToLong(v -> Math.max(0, v.startOffsetMicros() - base)).toArray();
            audioShifts = audioParts.stream().mapToLong(a -> Math.max(0, a.startOffsetMicros() - base)).toArray();
            videoShift = videoShifts.length > 0 ? videoShifts[0] : 0;
            audioShift = audioShifts.length > 0 ? audioShifts[0] : 0;
            long videoDur = !hasVideo ? 0 : Math.max(0, videoIn.getLengthInTime());
            long audioDur = !hasAudio ? 0 : Math.max(0, audioIn.getLengthInTime());
            totalMicros = Math.max(!hasVideo ? 0 : videoShift + videoDur, !hasAudio ? 0 : audioShift + audioDur);
            // Later parts: their ends by start + container length (an estimate, for progress only).
            for (int i = 1; i < videoParts.size(); i++) {
                totalMicros = Math.max(totalMicros, videoShifts[i] + estimatedLength(videoParts.get(i)));
            }
            for (int i = 1; i < audioParts.size(); i++) {
                totalMicros = Math.max(totalMicros, audioShifts[i] + estimatedLength(audioParts.get(i)));
            }

            prepareOutputDir();
            int width = 0;
            int height = 0;
            if (hasVideo) {
                int w = videoIn.getImageWidth();
                int h = videoIn.getImageHeight();
                if (h > MAX_HEIGHT) {
                    w = (int) Math.round((double) w * MAX_HEIGHT / h);
                    h = MAX_HEIGHT;
                }
                width = Math.max(2, w & ~1);
                height = Math.max(2, h & ~1);
                videoOut = videoRecorder(width, height);
            }
            if (hasAudio) {
                audioOut = audioRecorder();
            }
            startRecorders();

            if (hasVideo && videoShift > 0) {
                writeVideo(blackFrame(width, height), 0);
            }
            pump();
            stopRecorders();
            if (videoOut != null) {
                PlaylistFixer.fixDurations(out.resolve(VIDEO_DIR).resolve(PLAYLIST));
            }
            if (audioOut != null) {
                PlaylistFixer.fixDurations(out.resolve(AUDIO_DIR).resolve(PLAYLIST));
            }

            // The container durations (used for progress) are estimates; the result reports what was written.
            long duration = Math.max(videoEnd, audioEnd());
            Path master = writeMaster(width, height);
            report(1.0);
            if (droppedVideoFrames > 0) {
                log.debug("{} video frames fell on an used 1/{} s slot and were dropped", droppedVideoFrames, TIMELINE_FPS);
            }
            return new TranscodeResult(master,
                    videoOut == null ? Optional.empty() : Optional.of(out.resolve(VIDEO_DIR).resolve(PLAYLIST)),
                    audioOut == null ? Optional.empty() : Optional.of(out.resolve(AUDIO_DIR).resolve(PLAYLIST)),
                    duration, width, height);
        }

        /** Reads both inputs in timeline order and feeds the recorders. */
        private void pump() {
            Frame v = nextVideo();
            Frame a = nextAudio();
            while (v != null || a != null) {
                checkCancelled();
                long tv = v == null ? Long.MAX_VALUE : videoShift + Math.max(0, v.timestamp);
                long ta = a == null ? Long.MAX_VALUE : audioShift + Math.max(0, a.timestamp);
                if (tv <= ta) {
                    writeVideo(v, tv);
                    v = nextVideo();
                    report(tv);
                } else {
                    writeAudio(a, ta);
                    a = nextAudio();
                    report(ta);
                }
            }
        }

        /** The next picture, moving on to the next part when one ends ({@link #videoShift} follows). */
        private Frame nextVideo() {
            while (videoIn != null) {
                Frame f;
                try {
                    f = videoIn.grabImage();
                } catch (FrameGrabber.Exception e) {
                    throw new TranscodeException("Cannot decode video input " + videoParts.get(videoPart).file() + ": "
                            + e.getMessage(), e);
                }
                if (f != null) {
                    return f;
                }
                release(videoIn);
                videoIn = null;
                if (++videoPart < videoParts.size()) {
                    videoIn = open(videoParts.get(videoPart), "video");
                    videoShift = videoShifts[videoPart];
                }
            }
            return null;
        }

        /** The next samples, moving on to the next part (resampled to the first part's format) when one ends. */
        private Frame nextAudio() {
            while (audioIn != null) {
                Frame f;
                try {
                    f = audioIn.grabSamples();
                } catch (FrameGrabber.Exception e) {
                    throw new TranscodeException("Cannot decode audio input " + audioParts.get(audioPart).file() + ": "
                            + e.getMessage(), e);
                }
                if (f != null) {
                    return f;
                }
                release(audioIn);
                audioIn = null;
                if (++audioPart < audioParts.size()) {
                    audioIn = openAudioLike(audioParts.get(audioPart), inRate, inChannels);
                    audioShift = audioShifts[audioPart];
                }
            }
            return null;
        }

        private static long estimatedLength(MediaInput in) {
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.file().toFile());
            try {
                g.start();
                return Math.max(0, g.getLengthInTime());
            } catch (FrameGrabber.Exception | RuntimeException e) {
                return 0;
            } finally {
                release(g);
            }
        }

        private static void release(FFmpegFrameGrabber g) {
            try {
                g.release();
            } catch (Exception e) {
                log.debug("release grabber: {}", e.toString());
            }
        }

        private static FFmpegFrameGrabber openAudioLike(MediaInput in, int rate, int channels) {
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.file().toFile());
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.setSampleRate(rate);
            g.setAudioChannels(channels);
            try {
                g.start();
                return g;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                release(g);
                throw new TranscodeException("Cannot read the audio input " + in.file() + ": " + e.getMessage(), e);
            }
        }

        private void writeVideo(Frame frame, long t) {
            long slot = Math.round(t * (double) TIMELINE_FPS / 1_000_000);
            if (slot <= lastGridSlot) {
                droppedVideoFrames++;
                return;
            }
            lastGridSlot = slot;
            try {
                videoOut.setTimestamp(t);
                videoOut.record(frame);
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new TranscodeException("H.264 encoding failed at " + t + " us: " + e.getMessage(), e);
            }
            videoEnd = Math.max(videoEnd, (slot + 1) * 1_000_000L / TIMELINE_FPS);
        }

        private void writeAudio(Frame frame, long t) {
            if (frame.samples == null || frame.samples.length == 0) {
                return;
            }
            long gap = t - audioEnd();
            if (gap < -AUDIO_GAP_MICROS && audioPart > 0) {
                return; // a later part overlapping the previous one: that time is taken already
            }
            if (gap > AUDIO_GAP_MICROS) {
                writeSilence(gap * inRate / 1_000_000);
            }
            ShortBuffer buf = (ShortBuffer) frame.samples[0];
            int count = buf.remaining() / inChannels;
            recordSamples(buf);
            samplesWritten += count;
        }

        private void writeSilence(long sampleCount) {
            int chunk = 1024;
            ShortBuffer zeros = ByteBuffer.allocateDirect(chunk * inChannels * Short.BYTES)
                    .order(ByteOrder.nativeOrder()).asShortBuffer();
            long left = sampleCount;
            while (left > 0) {
                int n = (int) Math.min(chunk, left);
                zeros.clear();
                zeros.limit(n * inChannels);
                recordSamples(zeros);
                samplesWritten += n;
                left -= n;
            }
        }

        private void recordSamples(ShortBuffer buf) {
            int pos = buf.position();
            try {
                if (videoOut != null) {
                    videoOut.recordSamples(inRate, inChannels, buf);
                    buf.position(pos);
                }
                audioOut.recordSamples(inRate, inChannels, buf);
                buf.position(pos);
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new TranscodeException("AAC encoding failed: " + e.getMessage(), e);
            }
        }

        private long audioEnd() {
            return !hasAudio ? 0 : samplesWritten * 1_000_000L / inRate;
        }

        private void report(double fraction) {
            double f = Math.min(1.0, Math.max(0.0, fraction));
            if (f > reported && (f >= 1.0 || f - reported >= PROGRESS_STEP)) {
                reported = f;
                progress.onProgress(f);
            }
        }

        private void report(long timelineMicros) {
            if (totalMicros > 0) {
                // 1.0 is reserved for "finished and playlists written".
                report(Math.min(0.999, (double) timelineMicros / totalMicros));
            }
        }

        private void checkCancelled() {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("HLS transcode to " + out + " cancelled");
            }
        }

        private FFmpegFrameRecorder videoRecorder(int width, int height) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.resolve(VIDEO_DIR).resolve(PLAYLIST).toString(),
                    width, height, !hasAudio ? 0 : inChannels);
            hls(r, out.resolve(VIDEO_DIR));
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(TIMELINE_FPS);
            r.setGopSize(2 * TIMELINE_FPS);
            r.setVideoBitrate(videoBitrate(height));
            if (hasAudio) {
                aac(r);
            }
            return r;
        }

        private FFmpegFrameRecorder audioRecorder() {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.resolve(AUDIO_DIR).resolve(PLAYLIST).toString(), inChannels);
            hls(r, out.resolve(AUDIO_DIR));
            aac(r);
            return r;
        }

        private static void hls(FFmpegFrameRecorder r, Path dir) {
            r.setFormat("hls");
            r.setOption("hls_time", Integer.toString(SEGMENT_SECONDS));
            r.setOption("hls_list_size", "0");
            r.setOption("hls_playlist_type", "vod");
            r.setOption("hls_flags", "independent_segments");
            r.setOption("hls_segment_filename", dir.resolve("seg_%05d.ts").toString());
        }

        private void aac(FFmpegFrameRecorder r) {
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(AUDIO_SAMPLE_RATE);
            r.setAudioChannels(inChannels);
            r.setAudioBitrate(AUDIO_BITRATE);
        }

        private static int videoBitrate(int height) {
            return height >= 720 ? 2_500_000 : height >= 480 ? 1_200_000 : 700_000;
        }

        private void startRecorders() {
            try {
                if (videoOut != null) {
                    videoOut.start();
                }
                if (audioOut != null) {
                    audioOut.start();
                }
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new TranscodeException("Cannot start the HLS encoders in " + out + ": " + e.getMessage(), e);
            }
        }

        private void stopRecorders() {
            try {
                if (videoOut != null) {
                    videoOut.stop();
                }
                if (audioOut != null) {
                    audioOut.stop();
                }
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new TranscodeException("Cannot finish the HLS output in " + out + ": " + e.getMessage(), e);
            }
        }

        private Path writeMaster(int width, int height) {
            StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
            int audioBw = !hasAudio ? 0 : AUDIO_BITRATE;
            if (videoOut != null) {
                long bw = Math.round((videoBitrate(height) + audioBw) * 1.1);
                m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bw)
                        .append(",RESOLUTION=").append(width).append('x').append(height)
                        .append(",CODECS=\"avc1.42e01f").append(!hasAudio ? "" : ",mp4a.40.2").append("\"\n")
                        .append(VIDEO_DIR).append('/').append(PLAYLIST).append('\n');
            }
            if (audioOut != null) {
                m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.round(audioBw * 1.1))
                        .append(",CODECS=\"mp4a.40.2\"\n")
                        .append(AUDIO_DIR).append('/').append(PLAYLIST).append('\n');
            }
            Path master = out.resolve(MASTER);
            try {
                Path tmp = out.resolve(MASTER + ".tmp");
                Files.writeString(tmp, m, StandardCharsets.UTF_8);
                Files.move(tmp, master, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new TranscodeException("Cannot write " + master + ": " + e.getMessage(), e);
            }
            return master;
        }

        private void prepareOutputDir() {
            try {
                Files.createDirectories(out);
                outputTouched = true;
                deleteOutput();
                if (hasVideo) {
                    Files.createDirectories(out.resolve(VIDEO_DIR));
                }
                if (hasAudio) {
                    Files.createDirectories(out.resolve(AUDIO_DIR));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new TranscodeException("Cannot prepare output folder " + out + ": " + e.getMessage(), e);
            }
        }

        /** Removes what this transcoder writes (only that: the folder may hold other files). */
        void deleteOutput() {
            if (!outputTouched) {
                return;
            }
            try {
                Files.deleteIfExists(out.resolve(MASTER));
                Files.deleteIfExists(out.resolve(MASTER + ".tmp"));
                deleteTree(out.resolve(VIDEO_DIR));
                deleteTree(out.resolve(AUDIO_DIR));
            } catch (IOException | UncheckedIOException e) {
                log.warn("Could not remove partial HLS output in {}: {}", out, e.toString());
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            }
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }

        void close() {
            for (FFmpegFrameRecorder r : new FFmpegFrameRecorder[] {videoOut, audioOut}) {
                if (r != null) {
                    try {
                        r.release();
                    } catch (Exception e) {
                        log.debug("release recorder: {}", e.toString());
                    }
                }
            }
            for (FFmpegFrameGrabber g : new FFmpegFrameGrabber[] {videoIn, audioIn}) {
                if (g != null) {
                    try {
                        g.release();
                    } catch (Exception e) {
                        log.debug("release grabber: {}", e.toString());
                    }
                }
            }
        }

        private static void checkReadable(MediaInput in, String kind) {
            if (!Files.isRegularFile(in.file()) || !Files.isReadable(in.file())) {
                throw new TranscodeException("The " + kind + " input " + in.file() + " does not exist or is not a readable file");
            }
        }

        private static FFmpegFrameGrabber open(MediaInput in, String kind) {
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.file().toFile());
            if ("audio".equals(kind)) {
                g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            }
            try {
                g.start();
                return g;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                try {
                    g.release();
                } catch (Exception ignored) {
                    // already failing
                }
                throw new TranscodeException("Cannot read the " + kind + " input " + in.file()
                        + " (not a media file FFmpeg can open?): " + e.getMessage(), e);
            }
        }

        private static Frame blackFrame(int width, int height) {
            // BGR24 zeros; the recorder converts it to YUV420P like any grabbed frame. Frame's native
            // buffer comes from malloc and is not necessarily zeroed: clear it.
            Frame black = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) black.image[0];
            pixels.clear();
            pixels.put(new byte[pixels.capacity()]);
            pixels.clear();
            return black;
        }
    }
}
