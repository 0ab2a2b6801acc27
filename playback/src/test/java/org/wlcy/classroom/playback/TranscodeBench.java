package org.wlcy.classroom.playback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark (not a test): the JavaCV side of {@code scripts/bench-transcode.sh}. Transcodes one
 * input with {@link HlsTranscoder} exactly as the on-demand job does (the file is both the video and
 * the audio input) and prints the wall time.
 * <pre>
 * TranscodeBench generate OUT.mp4 SECONDS WIDTH HEIGHT   writes a test input (H.264 + AAC tone)
 * TranscodeBench run IN OUTDIR [RUNS]                    prints "javacv_seconds=N.NNN" (best of RUNS)
 * </pre>
 */
public final class TranscodeBench {
    private TranscodeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("generate")) {
            SampleVideos.mp4(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), true);
            return;
        }
        if (args.length < 3 || !args[0].equals("run")) {
            System.err.println("usage: TranscodeBench generate OUT.mp4 SECONDS W H | run IN OUTDIR [RUNS]");
            System.exit(2);
        }
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Files.createDirectories(out);
        HlsTranscoder transcoder = new HlsTranscoder();
        VideoProbe.Result probe = VideoProbe.probe(in);
        MediaInput input = MediaInput.of(in);
        double best = Double.MAX_VALUE;
        long media = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            TranscodeResult r = transcoder.transcode(TranscodeRequest.of(input, probe.audio() ? input : null, out),
                    null, () -> false);
            double s = (System.nanoTime() - t0) / 1e9;
            media = r.durationMicros();
            best = Math.min(best, s);
            System.out.printf(Locale.ROOT, "javacv run %d: %.3f s%n", i + 1, s);
        }
        System.out.printf(Locale.ROOT, "media_seconds=%.1f%njavacv_seconds=%.3f%n", media / 1e6, best);
    }
}
