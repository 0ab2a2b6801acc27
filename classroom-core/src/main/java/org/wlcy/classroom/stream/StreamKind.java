package org.wlcy.classroom.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a published stream carries. */
public enum StreamKind {
    /** Camera with microphone. */
    CAMERA,
    /** A screen share (video, possibly with tab audio). */
    SCREEN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StreamKind fromWire(String value) {
        for (StreamKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be 'camera' or 'screen'");
    }
}
