package org.wlcy.classroom.proctoring.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded video frame held in Java memory: 8-bit BGR pixels, rows top to bottom, no padding.
 * Plain bytes so it crosses threads without native lifetimes.
 *
 * @param width   pixels per row
 * @param height  rows
 * @param bgr     {@code width * height * 3} bytes
 */
public record VideoFrame(int width, int height, byte[] bgr) {
    public VideoFrame {
        Objects.requireNonNull(bgr, "bgr");
        if (width <= 0 || height <= 0 || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + (width * height * 3)
                    + " bytes, got " + bgr.length);
        }
    }

    /** Copies a continuous or strided 8-bit 3-channel Mat. */
    public static VideoFrame of(Mat bgrMat) {
        if (bgrMat.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected an 8-bit BGR image, got Mat type " + bgrMat.type());
        }
        int w = bgrMat.cols();
        int h = bgrMat.rows();
        byte[] out = new byte[w * h * 3];
        try (Mat continuous = bgrMat.isContinuous() ? null : bgrMat.clone()) {
            Mat src = continuous != null ? continuous : bgrMat;
            src.data().get(out);
        }
        return new VideoFrame(w, h, out);
    }

    /** A new Mat holding a copy of the pixels; the caller closes it. */
    public Mat toMat() {
        Mat mat = new Mat(height, width, CV_8UC3);
        mat.data().put(bgr);
        return mat;
    }
}
