package org.wlcy.classroom.proctoring.face;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.wlcy.classroom.media.RtpCodec;

/**
 * Receives one RTP video stream on a local UDP port and returns its first decoded frame. It
 * writes a one-stream SDP file ({@code m=video PORT RTP/AVP PT}, {@code a=rtpmap}) and opens it
 * with JavaCV's {@link FFmpegFrameGrabber} (format {@code sdp}, {@code protocol_whitelist=file,udp,rtp}).
 *
 * <p>Bounded: FFmpeg's {@code listen_timeout} option makes every read give up after
 * {@link #silence} without a packet, so {@link #grabFirstFrame} returns empty when nothing (more)
 * arrives; it also returns empty once {@code deadline} has passed between frames. While packets
 * keep coming but none decodes (no keyframe yet), it keeps reading: callers stop the sender at
 * their deadline, and the silence bound then ends the read. FFmpeg binds the port when the grab
 * starts, so packets sent before are lost: senders should emit a keyframe ~1 s after starting.
 */
public final class RtpFrameGrabber {
    private final Path workDir;
    private final String host;
    private final int port;
    private final RtpCodec codec;
    private final Duration silence;

    /**
     * @param workDir  folder for the SDP file (deleted again after the grab)
     * @param host     the address packets are sent to (written in the SDP {@code c=} line)
     * @param port     the UDP port to receive RTP on ({@code port + 1} is opened for RTCP)
     * @param codec    the stream's codec and payload type
     * @param silence  how long one read waits for a packet, rounded up to whole seconds (FFmpeg's unit)
     */
    public RtpFrameGrabber(Path workDir, String host, int port, RtpCodec codec, Duration silence) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.silence = Objects.requireNonNull(silence, "silence");
    }

    /** The SDP describing the expected stream. */
    public String sdp() {
        String family = host.contains(":") ? "IP6" : "IP4";
        return "v=0\r\n"
                + "o=- 0 0 IN " + family + " " + host + "\r\n"
                + "s=classroom face check\r\n"
                + "c=IN " + family + " " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=video " + port + " RTP/AVP " + codec.payloadType() + "\r\n"
                + "a=rtpmap:" + codec.rtpmap() + "\r\n"
                + "a=recvonly\r\n";
    }

    /**
     * Blocks until the first decoded frame, silence, or the deadline. Returns the frame as BGR.
     *
     * @throws IOException when FFmpeg cannot open the port or the SDP
     */
    public Optional<VideoFrame> grabFirstFrame(Instant deadline) throws IOException {
        Files.createDirectories(workDir);
        Path sdpFile = Files.createTempFile(workDir, "rtp-" + port + "-", ".sdp");
        try {
            Files.writeString(sdpFile, sdp(), StandardCharsets.US_ASCII);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(sdpFile.toFile());
                 OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
                grabber.setFormat("sdp");
                grabber.setOption("protocol_whitelist", "file,udp,rtp");
                grabber.setOption("listen_timeout", Long.toString(Math.max(1, ceilSeconds(silence))));
                try {
                    grabber.start();
                } catch (FrameGrabber.Exception e) {
                    throw new NotOpened("FFmpeg could not open RTP port " + port + " (taken since it was found "
                            + "free?): " + e.getMessage(), e);
                }
                while (Instant.now().isBefore(deadline)) {
                    Frame frame = grabber.grabImage();
                    if (frame == null) {
                        return Optional.empty();
                    }
                    if (frame.image != null && frame.imageWidth > 0 && frame.imageHeight > 0) {
                        Mat mat = toMat.convert(frame);
                        return Optional.of(VideoFrame.of(mat));
                    }
                }
                return Optional.empty();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("receiving RTP on port " + port + " failed: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(sdpFile);
        }
    }

    /**
     * FFmpeg could not open the receiving port (another process took it between the probe that
     * found it free and this bind: Chromium's and Janus's ephemeral UDP ports come from the same
     * range); a new port may be tried.
     */
    public static final class NotOpened extends IOException {
        NotOpened(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }
}
