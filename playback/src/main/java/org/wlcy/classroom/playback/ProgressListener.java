package org.wlcy.classroom.playback;

/**
 * Receives a transcode's progress, called on the transcoding thread: fractions in 0..1,
 * never decreasing, the last one exactly 1.0 on success. Keep it cheap and non-blocking
 * (e.g. store into a job record or publish to a queue).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = fraction -> { };

    void onProgress(double fraction);
}
