package org.wlcy.classroom.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a published stream carries. */
public enum StreamKind {
    /** Camera with microphone (lecturers; trainees in a breakout group or with a speaking turn). */
    CAMERA,
    /** A screen share (video, possibly with tab audio). */
    SCREEN,
    /**
     * A trainee's camera and microphone for proctoring (音视频监控, Art. 24(3)): published by
     * trainees, seen only by lecturers (and checked by the server for faces).
     */
    PROCTOR;

    /**
     * Who may publish this kind at all: a proctoring camera trainees, a screen lecturers, a camera
     * lecturers and trainees (trainees only in a breakout group or during a speaking turn).
     */
    public boolean publishableBy(org.wlcy.classroom.participant.Role role) {
        return switch (this) {
            case PROCTOR -> role == org.wlcy.classroom.participant.Role.TRAINEE;
            case SCREEN -> role == org.wlcy.classroom.participant.Role.LECTURER;
            case CAMERA -> role == org.wlcy.classroom.participant.Role.LECTURER
                    || role == org.wlcy.classroom.participant.Role.TRAINEE;
        };
    }

    /** Who may see (be told of, subscribe to) this kind. */
    public boolean visibleTo(org.wlcy.classroom.participant.Role role) {
        return this != PROCTOR || role == org.wlcy.classroom.participant.Role.LECTURER
                || role == org.wlcy.classroom.participant.Role.ADMIN;
    }

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
        throw new IllegalArgumentException("kind must be 'camera', 'screen' or 'proctor'");
    }
}
