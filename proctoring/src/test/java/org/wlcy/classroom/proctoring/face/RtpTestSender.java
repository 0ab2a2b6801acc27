package org.wlcy.classroom.proctoring.face;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.wlcy.classroom.media.RtpCodec;

/**
 * Sends one still image as a VP8 RTP stream to {@code 127.0.0.1:port} at 15 fps with a keyframe
 * every second (JavaCV's {@link FFmpegFrameRecorder}, format {@code rtp}), for at most
 * {@code maxFrames} frames, like a browser's camera through Janus's {@code rtp_forward}.
 */
final class RtpTestSender implements AutoCloseable {
    /** What FFmpeg's RTP muxer uses for VP8: the first dynamic payload type. */
    static final RtpCodec VP8 = new RtpCodec("VP8", 96, 90000, 0);
    private static final int FPS = 15;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Frame frame;
    private final AtomicInteger sent = new AtomicInteger();
    private final int maxFrames;
    private ScheduledFuture<?> task;

    RtpTestSender(Mat image, int port, int maxFrames) throws Exception {
        this.maxFrames = maxFrames;
        recorder = new FFmpegFrameRecorder("rtp://127.0.0.1:" + port, image.cols(), image.rows());
        recorder.setFormat("rtp");
        recorder.setVideoCodec(AV_CODEC_ID_VP8);
        recorder.setFrameRate(FPS);
        recorder.setGopSize(FPS);
        recorder.setVideoBitrate(600_000);
        recorder.setVideoOption("deadline", "realtime");
        recorder.start();
        frame = converter.convert(image).clone();
    }

    /** Starts sending on a timer; returns at once. */
    RtpTestSender start() {
        task = timer.scheduleAtFixedRate(this::sendOne, 0, 1000 / FPS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sendOne() {
        if (sent.get() >= maxFrames) {
            task.cancel(false);
            return;
        }
        try {
            recorder.record(frame);
            sent.incrementAndGet();
        } catch (Exception e) {
            task.cancel(false);
            throw new IllegalStateException(e);
        }
    }

    int framesSent() {
        return sent.get();
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        recorder.close();
        converter.close();
        frame.close();
    }
}
