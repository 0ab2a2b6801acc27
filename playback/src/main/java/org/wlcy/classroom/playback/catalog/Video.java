package org.wlcy.classroom.playback.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * One entry of a class's video catalogue, as stored in {@code <dataDir>/videos/<id>/video.json}.
 *
 * @param id             stable id, also the folder name
 * @param classroomId    the class whose catalogue lists it
 * @param kind           replay or on-demand
 * @param title          shown in the catalogue
 * @param createdBy      the lecturer who uploaded or recorded it
 * @param state          where it is in its life
 * @param progress       0..1 of the current step (upload or processing)
 * @param error          why it failed, or {@code null}
 * @param createdAt      server time of creation
 * @param updatedAt      server time of the last change
 * @param durationMillis playable length once READY, else 0
 * @param tracks         HLS packages under {@code hls/<track>/master.m3u8} once READY, e.g. {@code ["main"]}
 *                       for an on-demand lesson, {@code ["camera", "screen"]} for a replay
 * @param sessionId      for a replay: the class session (lesson) it recorded, else {@code null}
 * @param originAt       for a replay: the server time that is media time 0 (timeline alignment), else {@code null}
 * @param checked        a lecturer has checked the replay; only then may raw recordings be deleted
 * @param attempts       how many processing attempts have started
 */
public record Video(VideoId id, ClassroomId classroomId, VideoKind kind, String title, String createdBy,
                    VideoState state, double progress, String error, Instant createdAt, Instant updatedAt,
                    long durationMillis, List<String> tracks, String sessionId, Instant originAt,
                    boolean checked, int attempts) {
    public Video {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
        if (progress < 0 || progress > 1 || Double.isNaN(progress)) {
            throw new IllegalArgumentException("progress must be in 0..1");
        }
    }

    /** A new entry in its first state. */
    public static Video create(VideoId id, ClassroomId classroomId, VideoKind kind, String title, String createdBy,
                               VideoState state, Instant now, String sessionId, Instant originAt) {
        return new Video(id, classroomId, kind, title, createdBy, state, 0, null, now, now, 0, List.of(),
                sessionId, originAt, false, 0);
    }

    public Video withState(VideoState newState, double newProgress, String newError, Instant now) {
        return new Video(id, classroomId, kind, title, createdBy, newState, newProgress, newError, createdAt, now,
                durationMillis, tracks, sessionId, originAt, checked, attempts);
    }

    public Video ready(long newDurationMillis, List<String> newTracks, Instant now) {
        return new Video(id, classroomId, kind, title, createdBy, VideoState.READY, 1, null, createdAt, now,
                newDurationMillis, newTracks, sessionId, originAt, checked, attempts);
    }

    public Video withAttempt(Instant now) {
        return new Video(id, classroomId, kind, title, createdBy, VideoState.PROCESSING, 0, null, createdAt, now,
                durationMillis, tracks, sessionId, originAt, checked, attempts + 1);
    }

    public Video withChecked(Instant now) {
        return new Video(id, classroomId, kind, title, createdBy, state, progress, error, createdAt, now,
                durationMillis, tracks, sessionId, originAt, true, attempts);
    }
}
