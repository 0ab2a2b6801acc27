package org.wlcy.classroom.playback.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A video's life: {@code UPLOADING} (on-demand only) or {@code RECORDING} (replay only), then
 * {@code QUEUED}, {@code PROCESSING} (with progress), and {@code READY} or {@code FAILED} (with
 * the error; a lecturer can retry). Nothing stays in QUEUED or PROCESSING across a restart.
 */
public enum VideoState {
    UPLOADING("uploading"),
    RECORDING("recording"),
    QUEUED("queued"),
    PROCESSING("processing"),
    READY("ready"),
    FAILED("failed");

    private final String wire;

    VideoState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
