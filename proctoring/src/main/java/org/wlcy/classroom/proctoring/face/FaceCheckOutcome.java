package org.wlcy.classroom.proctoring.face;

/** What one face check concluded. {@link #code()} is the wire and log name. */
public enum FaceCheckOutcome {
    /** Exactly one frontal face. */
    FACE("face"),
    /** A frame arrived, no frontal face in it. */
    NO_FACE("no-face"),
    /** More than one frontal face. */
    MANY_FACES("many-faces"),
    /** No frame could be had: no video, forward refused, nothing decoded before the deadline. */
    NO_VIDEO("no-video");

    private final String code;

    FaceCheckOutcome(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The outcome for a number of detected faces in a frame. */
    public static FaceCheckOutcome ofCount(int faces) {
        return faces == 0 ? NO_FACE : faces == 1 ? FACE : MANY_FACES;
    }
}
