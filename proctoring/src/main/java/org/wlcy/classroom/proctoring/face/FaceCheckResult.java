package org.wlcy.classroom.proctoring.face;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.media.FeedId;

/**
 * The result of one server-side face check of a published camera. It keeps the outcome, the
 * face boxes and a SHA-256 of the examined frame; the frame itself only when evidence frames are
 * switched on ({@link #evidence()}).
 *
 * @param feed          the checked stream
 * @param outcome       face, no-face, many-faces or no-video
 * @param faces         detected face boxes (empty for no-face and no-video)
 * @param frameWidth    width of the examined frame, 0 for no-video
 * @param frameHeight   height of the examined frame, 0 for no-video
 * @param frameSha256   lowercase hex SHA-256 of the frame's JPEG encoding (the bytes an evidence
 *                      file holds), {@code null} for no-video
 * @param startedAt     when the check was asked for
 * @param frameAfter    from the request to the decoded frame, {@code null} for no-video
 * @param took          from the request to the result
 * @param evidence      the JPEG kept under {@code <data>/evidence/}, or {@code null}
 * @param detail        why there was no video, or {@code null}
 */
public record FaceCheckResult(FeedId feed, FaceCheckOutcome outcome, List<FaceBox> faces, int frameWidth,
                              int frameHeight, String frameSha256, Instant startedAt, Duration frameAfter,
                              Duration took, Path evidence, String detail) {
    public FaceCheckResult {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(outcome, "outcome");
        faces = List.copyOf(faces);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(took, "took");
    }

    /** How many faces were detected. */
    public int faceCount() {
        return faces.size();
    }

    static FaceCheckResult noVideo(FeedId feed, Instant startedAt, Duration took, String detail) {
        return new FaceCheckResult(feed, FaceCheckOutcome.NO_VIDEO, List.of(), 0, 0, null, startedAt, null, took,
                null, detail);
    }
}
