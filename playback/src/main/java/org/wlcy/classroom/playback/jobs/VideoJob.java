package org.wlcy.classroom.playback.jobs;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.wlcy.classroom.playback.ProgressListener;
import org.wlcy.classroom.playback.catalog.Video;

/**
 * One processing step that turns a video's {@code source/} into playable {@code hls/<track>/}
 * packages. Runs on a job thread; may block for minutes. Must be repeatable: a retry runs it again
 * on the same folder, so it replaces its own earlier output and never deletes {@code source/}.
 */
@FunctionalInterface
public interface VideoJob {
    /**
     * @param video     the entry as it is when the attempt starts
     * @param folder    the video's folder ({@code VideoCatalog.folder})
     * @param progress  0..1, non-decreasing
     * @param cancelled polled often; when true, stop with {@link java.util.concurrent.CancellationException}
     * @return what was built
     * @throws Exception with a message a lecturer can act on; the video becomes FAILED with it
     */
    JobOutcome run(Video video, Path folder, ProgressListener progress, BooleanSupplier cancelled) throws Exception;
}
