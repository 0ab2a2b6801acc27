package org.wlcy.classroom.playback.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a video comes from. */
public enum VideoKind {
    /** Built from a live lesson's recording (直播回放, Art. 25). */
    REPLAY("replay"),
    /** Uploaded by a lecturer (点播). */
    ON_DEMAND("on-demand");

    private final String wire;

    VideoKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
