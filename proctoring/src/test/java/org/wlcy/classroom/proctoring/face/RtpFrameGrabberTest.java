package org.wlcy.classroom.proctoring.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** VP8 over RTP on loopback, sent by FFmpeg, received through an SDP file, then a face detected. */
class RtpFrameGrabberTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void grabsTheFirstFrameOfAnRtpStreamAndFindsTheFace() throws Exception {
        int port = UdpPorts.freeRtpPort(InetAddress.getLoopbackAddress());
        RtpFrameGrabber grabber = new RtpFrameGrabber(dir, "127.0.0.1", port, RtpTestSender.VP8, Duration.ofSeconds(3));
        assertThat(grabber.sdp()).contains("m=video " + port + " RTP/AVP 96", "a=rtpmap:96 VP8/90000");
        try (Mat image = TestImages.astronautIn(640, 480); RtpTestSender sender = new RtpTestSender(image, port, 300)) {
            long t0 = System.nanoTime();
            // The grab binds the port itself; the sender's keyframe every second covers the start race.
            java.util.concurrent.CompletableFuture<Optional<VideoFrame>> grabbed =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return grabber.grabFirstFrame(Instant.now().plusSeconds(20));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            sender.start();
            Optional<VideoFrame> frame = grabbed.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[face] first RTP frame after %d ms (%d frames sent)%n", ms, sender.framesSent());
            assertThat(frame).isPresent();
            assertThat(frame.get().width()).isEqualTo(640);
            assertThat(frame.get().height()).isEqualTo(480);
            assertThat(FaceDetector.frontalFace().detect(frame.get()).count()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(30)
    void returnsEmptyAfterTheSilenceWhenNothingArrives() throws Exception {
        int port = UdpPorts.freeRtpPort(InetAddress.getLoopbackAddress());
        RtpFrameGrabber grabber = new RtpFrameGrabber(dir, "127.0.0.1", port, RtpTestSender.VP8, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        assertThat(grabber.grabFirstFrame(Instant.now().plusSeconds(20))).isEmpty();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[face] silent RTP port gave up after %d ms%n", ms);
        assertThat(ms).isLessThan(10_000);
    }

    @Test
    void freePortsAreEven() throws Exception {
        int port = UdpPorts.freeRtpPort(InetAddress.getLoopbackAddress());
        assertThat(port % 2).isZero();
    }
}
