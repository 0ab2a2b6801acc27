package org.wlcy.classroom.proctoring.face;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Counts frontal faces in a frame with OpenCV's Haar cascade {@code haarcascade_frontalface_default.xml},
 * which ships inside the OpenCV natives jar (no download). The frame is turned to grayscale and
 * histogram-equalized, then {@code detectMultiScale} runs with {@link #SCALE_FACTOR},
 * {@link #MIN_NEIGHBORS} and a minimum face size of {@link #MIN_FACE_FRACTION} of the frame's
 * shorter side. See {@code docs/face-checks.md} for what this can and cannot tell.
 *
 * <p>Thread-safe: one {@link CascadeClassifier} serves all callers, one detection at a time
 * ({@code detectMultiScale} is not safe to run concurrently on one classifier). A 640x480 frame
 * takes 10-45 ms, so checks at random times do not queue up in practice.
 */
public final class FaceDetector {
    /** The cascade file's name inside the OpenCV jar. */
    public static final String CASCADE = "haarcascade_frontalface_default.xml";
    /** Image pyramid step: each scale is 10% smaller than the previous one. */
    public static final double SCALE_FACTOR = 1.1;
    /** Overlapping raw detections needed to accept a face; 5 keeps false positives rare. */
    public static final int MIN_NEIGHBORS = 5;
    /** Smallest face accepted, as a fraction of the frame's shorter side (a face far from the camera is ignored). */
    public static final double MIN_FACE_FRACTION = 0.10;

    private final CascadeClassifier classifier;

    private FaceDetector(CascadeClassifier classifier) {
        this.classifier = classifier;
    }

    /** Loads the frontal-face cascade from the OpenCV jar (extracted once to the JavaCPP cache). */
    public static FaceDetector frontalFace() {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE;
        File file;
        try {
            file = Loader.cacheResource(FaceDetector.class, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
        if (file == null) {
            throw new IllegalStateException(resource + " is not on the classpath (opencv natives jar for "
                    + Loader.getPlatform() + " missing?)");
        }
        CascadeClassifier classifier = new CascadeClassifier();
        if (!classifier.load(file.getAbsolutePath()) || classifier.empty()) {
            classifier.close();
            throw new IllegalStateException("OpenCV could not load the cascade " + file);
        }
        return new FaceDetector(classifier);
    }

    /** Detects frontal faces in {@code frame}. */
    public FaceDetection detect(VideoFrame frame) {
        try (Mat bgr = frame.toMat()) {
            return detect(bgr);
        }
    }

    /** Detects frontal faces in an 8-bit BGR (3 channels) or grayscale (1 channel) image. */
    public FaceDetection detect(Mat image) {
        int w = image.cols();
        int h = image.rows();
        int minSide = (int) Math.round(Math.min(w, h) * MIN_FACE_FRACTION);
        List<FaceBox> faces = new ArrayList<>();
        try (Mat gray = new Mat(); RectVector found = new RectVector();
             Size minSize = new Size(minSide, minSide); Size maxSize = new Size()) {
            if (image.channels() == 1) {
                image.copyTo(gray);
            } else {
                cvtColor(image, gray, COLOR_BGR2GRAY);
            }
            equalizeHist(gray, gray);
            synchronized (this) {
                classifier.detectMultiScale(gray, found, SCALE_FACTOR, MIN_NEIGHBORS, 0, minSize, maxSize);
            }
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(new FaceBox(r.x(), r.y(), r.width(), r.height()));
            }
        }
        faces.sort(Comparator.comparingInt((FaceBox b) -> b.width() * b.height()).reversed());
        return new FaceDetection(w, h, faces);
    }
}
