package org.wlcy.classroom.media;

/**
 * Hears that one room is gone while the media server as a whole is still available: the instance
 * of a {@link MediaServerPool} that held it died. The room, its publishers and subscribers are
 * gone; the owner re-opens it (the pool places it on another instance) and clients publish and
 * subscribe again. Called on the adapter's threads: hop onto your own lane.
 */
@FunctionalInterface
public interface MediaRoomListener {
    void onRoomLost(String reason);
}
