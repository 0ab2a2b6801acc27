package org.wlcy.classroom.playback.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * Every class's videos. Thread-safe; writes are durable when the call returns. Each video owns a
 * folder ({@link #folder}): {@code source/} (upload or raw recordings), {@code hls/<track>/}
 * (what players load) and files the features keep beside them (questions, danmaku...).
 */
public interface VideoCatalog {
    /** Stores a new entry; fails if the id is taken. */
    Video add(Video video);

    Optional<Video> find(VideoId id);

    /** A class's videos, newest first. */
    List<Video> list(ClassroomId classroomId);

    /** Replaces an entry with {@code change(current)} atomically; returns the new entry. */
    Video update(VideoId id, UnaryOperator<Video> change);

    /** The video's own folder (created on demand). */
    Path folder(VideoId id);

    /** All entries (recovery after a restart). */
    List<Video> all();

    /**
     * Removes the entry (durably) and then its whole folder; returns false if there was none.
     * Callers make sure no job or upload is using it.
     */
    default boolean remove(VideoId id) {
        throw new UnsupportedOperationException("this catalogue cannot remove videos");
    }
}
