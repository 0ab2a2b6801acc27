package org.wlcy.classroom.playback.watch;

import java.util.Locale;

/** Why the page sent a heartbeat (wire names lower case). */
public enum HeartbeatEvent {
    /** Regular report every {@code heartbeatSeconds} (also while paused). */
    TICK,
    /** Playback (re)started. */
    PLAY,
    /** The viewer moved the playhead; {@code position} is the target, {@code from} where it was. */
    SEEK,
    /** Paused. */
    PAUSE,
    /** Reached the end. */
    ENDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HeartbeatEvent fromWire(String s) {
        for (HeartbeatEvent e : values()) {
            if (e.wire().equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("event must be tick, play, seek, pause or ended");
    }
}
