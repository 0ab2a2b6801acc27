package org.wlcy.classroom.playback.jobs;

import java.util.function.Function;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;

/**
 * Runs processing jobs for catalogue entries, keeping their state and progress in the catalogue
 * (QUEUED -> PROCESSING with progress -> READY or FAILED with the error). A job is built from the
 * entry by the factory registered for its kind, so a retry, or recovery after a restart, needs
 * nothing but the entry and its folder.
 */
public interface VideoJobs extends AutoCloseable {
    /** How entries of a kind are processed. Register before submitting. */
    void register(VideoKind kind, Function<Video, VideoJob> factory);

    /** Queues the video's processing; its state becomes QUEUED. */
    void submit(VideoId id);

    /** Queues a FAILED video again. Throws IllegalStateException for any other state. */
    void retry(VideoId id);

    @Override
    void close();
}
