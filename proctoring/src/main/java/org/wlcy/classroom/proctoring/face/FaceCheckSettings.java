package org.wlcy.classroom.proctoring.face;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How face checks run.
 *
 * @param forwardHost        where the media server sends the RTP forward: this server's address as
 *                           the media server reaches it ({@code 127.0.0.1} when Janus runs on the same
 *                           host, the embedded default); the receiving port is bound on it
 * @param timeout            upper bound of one check, from request to result
 * @param keyframeDelay      when to ask the publisher for a keyframe after the forward started
 * @param keyframeInterval   how often to ask again until a frame is decoded
 * @param silence            a receive gives up after this long without a packet
 * @param workers            checks that run at the same time (each holds a thread while receiving)
 * @param workDir            folder for the short-lived SDP files
 * @param evidenceEnabled    keep a JPEG of each examined frame (off by default; see docs/face-checks.md)
 * @param dataDir            the server's data folder; evidence goes to {@code <dataDir>/evidence/}
 * @param evidenceRetention  how long evidence frames are kept before {@link FaceCheck#deleteExpired}
 *                           removes them
 */
public record FaceCheckSettings(String forwardHost, Duration timeout, Duration keyframeDelay,
                                Duration keyframeInterval, Duration silence, int workers, Path workDir,
                                boolean evidenceEnabled, Path dataDir, Duration evidenceRetention) {
    public FaceCheckSettings {
        Objects.requireNonNull(forwardHost, "forwardHost");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keyframeDelay, "keyframeDelay");
        Objects.requireNonNull(keyframeInterval, "keyframeInterval");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(evidenceRetention, "evidenceRetention");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
        if (evidenceEnabled && dataDir == null) {
            throw new IllegalArgumentException("evidence frames need a data folder");
        }
        if (keyframeInterval.isZero() || keyframeInterval.isNegative()) {
            throw new IllegalArgumentException("keyframeInterval must be positive");
        }
    }

    /**
     * Defaults: forward to 127.0.0.1, 12 s per check, keyframe after 1 s then every 2 s, 3 s of
     * silence, 2 checks at a time, no evidence frames (retention 7 days if switched on).
     */
    public static FaceCheckSettings defaults(Path workDir) {
        return new FaceCheckSettings("127.0.0.1", Duration.ofSeconds(12), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), 2, workDir, false, null, Duration.ofDays(7));
    }

    public FaceCheckSettings withForwardHost(String host) {
        return new FaceCheckSettings(host, timeout, keyframeDelay, keyframeInterval, silence, workers, workDir,
                evidenceEnabled, dataDir, evidenceRetention);
    }

    public FaceCheckSettings withTimeout(Duration t) {
        return new FaceCheckSettings(forwardHost, t, keyframeDelay, keyframeInterval, silence, workers, workDir,
                evidenceEnabled, dataDir, evidenceRetention);
    }

    /** Switches evidence frames on, kept under {@code <dataDir>/evidence/} for {@code retention}. */
    public FaceCheckSettings withEvidence(Path dataDir, Duration retention) {
        return new FaceCheckSettings(forwardHost, timeout, keyframeDelay, keyframeInterval, silence, workers, workDir,
                true, dataDir, retention);
    }
}
