package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Looks inside a file with FFmpeg (JavaCV) without decoding it: is it a video, and does it carry
 * sound. Blocking (tens of milliseconds); call it off the event loop.
 */
public final class VideoProbe {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /**
     * What a probe found.
     *
     * @param video          a video stream with a picture size and a duration (not a still image)
     * @param audio          an audio stream
     * @param durationMicros container duration, 0 if unknown
     * @param format         FFmpeg's name of the container
     * @param problem        why it is not a video, for the lecturer; null when it is one
     */
    public record Result(boolean video, boolean audio, long durationMicros, int width, int height, String format,
                         String problem) {
        public boolean isVideo() {
            return problem == null;
        }
    }

    private VideoProbe() {
    }

    public static Result probe(Path file) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            return new Result(false, false, 0, 0, 0, "", "The file is not a video that can be read (FFmpeg: "
                    + oneLine(e.getMessage()) + ").");
        }
        try {
            String format = g.getFormat() == null ? "" : g.getFormat();
            boolean video = g.getVideoStream() >= 0 && g.getImageWidth() > 0 && g.getImageHeight() > 0;
            boolean audio = g.getAudioStream() >= 0 && g.getAudioChannels() > 0 && g.getSampleRate() > 0;
            long duration = Math.max(0, g.getLengthInTime());
            String problem = null;
            String f = format.toLowerCase(Locale.ROOT);
            if (!video) {
                problem = audio ? "The file is not a video: it has sound but no picture." : "The file is not a video: it has no picture.";
            } else if (f.endsWith("_pipe") || f.contains("image2") || f.equals("gif") || duration <= 0) {
                problem = "The file is not a video: it is a single picture.";
            }
            return new Result(video, audio, duration, g.getImageWidth(), g.getImageHeight(), format, problem);
        } finally {
            release(g);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replaceAll("\\s+", " ").trim();
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (Exception ignored) {
            // probing only
        }
    }
}
