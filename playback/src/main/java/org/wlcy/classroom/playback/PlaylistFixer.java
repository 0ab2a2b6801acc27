package org.wlcy.classroom.playback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Rewrites a VOD media playlist's {@code #EXTINF} and {@code #EXT-X-TARGETDURATION} from the
 * segments' own timestamps.
 *
 * <p>Why: with {@code FFmpegFrameRecorder} (JavaCV 1.5.12, FFmpeg 7.1.1) the hls muxer writes
 * segments with correct timestamps but wrong {@code #EXTINF} values (a 3.03 s AAC segment was
 * listed as 1.61 s, i.e. 48000/90000 of its length; a 3 s H.264 one as 1.5 s). Players trust
 * {@code #EXTINF} for the seek bar and total length, so the playlist is corrected after muxing.
 */
final class PlaylistFixer {
    private PlaylistFixer() {
    }

    static void fixDurations(Path playlist) {
        try {
            List<String> lines = Files.readAllLines(playlist, StandardCharsets.UTF_8);
            Path dir = playlist.getParent();
            List<Integer> extinfLines = new ArrayList<>();
            List<long[]> spans = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#EXTINF:")) {
                    int j = i + 1;
                    while (j < lines.size() && lines.get(j).startsWith("#")) {
                        j++;
                    }
                    if (j < lines.size()) {
                        extinfLines.add(i);
                        spans.add(span(dir.resolve(lines.get(j).trim())));
                    }
                }
            }
            double max = 0;
            for (int k = 0; k < spans.size(); k++) {
                long start = spans.get(k)[0];
                long end = k + 1 < spans.size() ? spans.get(k + 1)[0] : start + spans.get(k)[1];
                double seconds = Math.max(0, end - start) / 1e6;
                max = Math.max(max, seconds);
                lines.set(extinfLines.get(k), String.format(Locale.ROOT, "#EXTINF:%.6f,", seconds));
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#EXT-X-TARGETDURATION:")) {
                    lines.set(i, "#EXT-X-TARGETDURATION:" + Math.max(1, (long) Math.ceil(max - 1e-3)));
                }
            }
            Path tmp = playlist.resolveSibling(playlist.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, playlist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TranscodeException("Cannot rewrite " + playlist + ": " + e.getMessage(), e);
        }
    }

    /** {start, duration} of one segment in microseconds, from its container. */
    private static long[] span(Path segment) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(segment.toFile())) {
            g.start();
            long start = g.getFormatContext().start_time();
            long duration = g.getFormatContext().duration();
            g.stop();
            return new long[] {start == avutil.AV_NOPTS_VALUE ? 0 : start, Math.max(0, duration)};
        } catch (FrameGrabber.Exception e) {
            throw new TranscodeException("Cannot read the HLS segment " + segment + ": " + e.getMessage(), e);
        }
    }
}
