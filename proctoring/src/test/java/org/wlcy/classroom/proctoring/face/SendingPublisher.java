package org.wlcy.classroom.proctoring.face;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.wlcy.classroom.media.FeedId;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.Publisher;
import org.wlcy.classroom.media.RtpCodec;
import org.wlcy.classroom.media.RtpForward;

/**
 * A publisher whose {@link #forwardRtp} really sends: it streams a still image as VP8 RTP to the
 * requested port ({@link RtpTestSender}) until the forward is stopped, like Janus forwarding a
 * browser's camera. The image is the caller's and must outlive the forwards.
 */
final class SendingPublisher implements Publisher {
    private final FeedId feed;
    private final Mat image;
    private final AtomicInteger keyframes = new AtomicInteger();
    private final List<Forward> forwards = new CopyOnWriteArrayList<>();

    SendingPublisher(long feed, Mat image) {
        this.feed = new FeedId(feed);
        this.image = image;
    }

    @Override
    public FeedId feedId() {
        return feed;
    }

    @Override
    public String sdpAnswer() {
        return "v=0\r\n";
    }

    @Override
    public void trickle(IceCandidate candidate) {
    }

    @Override
    public CompletionStage<Void> requestKeyframe() {
        keyframes.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<RtpForward> forwardRtp(String host, int audioPort, int videoPort) {
        try {
            Forward f = new Forward(host, videoPort, new RtpTestSender(image, videoPort, 30 * 15).start());
            forwards.add(f);
            return CompletableFuture.completedFuture(f);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    int keyframeRequests() {
        return keyframes.get();
    }

    List<Forward> forwards() {
        return List.copyOf(forwards);
    }

    @Override
    public void close() {
        forwards.forEach(Forward::stop);
    }

    /** A forward backed by a running sender; stop() closes the sender. */
    static final class Forward implements RtpForward {
        private final String host;
        private final int videoPort;
        private final RtpTestSender sender;
        private volatile boolean stopped;

        Forward(String host, int videoPort, RtpTestSender sender) {
            this.host = host;
            this.videoPort = videoPort;
            this.sender = sender;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int audioPort() {
            return 0;
        }

        @Override
        public int videoPort() {
            return videoPort;
        }

        @Override
        public RtpCodec video() {
            return RtpTestSender.VP8;
        }

        @Override
        public RtpCodec audio() {
            return null;
        }

        @Override
        public synchronized CompletionStage<Void> stop() {
            if (!stopped) {
                stopped = true;
                try {
                    sender.close();
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        boolean isStopped() {
            return stopped;
        }
    }
}
