package org.wlcy.classroom.proctoring.face;

import java.util.List;

/**
 * What {@link FaceDetector} found in one frame.
 *
 * @param frameWidth   width of the examined frame in pixels
 * @param frameHeight  height of the examined frame in pixels
 * @param faces        one box per detected frontal face, largest first
 */
public record FaceDetection(int frameWidth, int frameHeight, List<FaceBox> faces) {
    public FaceDetection {
        faces = List.copyOf(faces);
    }

    /** How many faces were found. */
    public int count() {
        return faces.size();
    }
}
