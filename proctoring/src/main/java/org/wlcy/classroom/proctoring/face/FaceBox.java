package org.wlcy.classroom.proctoring.face;

/** Where one detected face lies in a frame, in pixels from the top-left corner. */
public record FaceBox(int x, int y, int width, int height) {
}
