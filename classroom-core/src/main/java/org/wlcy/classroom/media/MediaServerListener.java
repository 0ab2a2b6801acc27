package org.wlcy.classroom.media;

/** Availability of the media server as a whole. Default no-op methods. */
public interface MediaServerListener {

    /**
     * The media server went away (process died, connection lost). Every room, publisher and
     * subscriber it had is gone; clients must be told and republish once it is back.
     */
    default void onMediaServerLost(String reason) {
    }

    /** The media server answers again (reconnected or restarted); rooms can be re-opened. */
    default void onMediaServerAvailable() {
    }
}
