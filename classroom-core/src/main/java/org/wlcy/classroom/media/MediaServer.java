package org.wlcy.classroom.media;

import java.util.concurrent.CompletionStage;

/**
 * The narrow port towards a WebRTC media server (Janus is one adapter), shaped like mediasoup's
 * tree: {@code MediaServer -> MediaRoom -> Publisher / Subscriber}. Media never passes through
 * the JVM; this port only negotiates it. All methods are non-blocking; futures complete on the
 * adapter's threads, so callers hop back onto their own lane.
 *
 * <p>{@link #close()} cascades to every room, publisher and subscriber and may be called twice.
 */
public interface MediaServer extends AutoCloseable {

    /** Creates (or re-creates after a media-server restart) the room for one class session. */
    CompletionStage<MediaRoom> openRoom(RoomSpec spec);

    /**
     * As {@link #openRoom(RoomSpec)}, and tells {@code listener} if this room alone is lost while the
     * media server stays available (a pool's instance died). A single media server loses all its
     * rooms at once and says so to its {@link MediaServerListener}s instead, hence the default.
     */
    default CompletionStage<MediaRoom> openRoom(RoomSpec spec, MediaRoomListener listener) {
        return openRoom(spec);
    }

    /** True while the media server answers; drives {@code /readyz}. */
    boolean isAvailable();

    /** Listens for availability changes (media server lost, back after a restart). */
    void addListener(MediaServerListener listener);

    @Override
    void close();
}
