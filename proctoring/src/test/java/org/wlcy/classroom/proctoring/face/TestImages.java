package org.wlcy.classroom.proctoring.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_core.randu;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Images for the face-check tests; every returned Mat is the caller's to close. */
final class TestImages {
    private TestImages() {
    }

    /** {@code src/test/resources/face/astronaut.png}: one frontal face, 512x512. */
    static Path astronautFile() {
        try {
            return Path.of(TestImages.class.getResource("/face/astronaut.png").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mat astronaut() {
        Mat m = imread(astronautFile().toString());
        if (m.empty()) {
            throw new IllegalStateException("cannot read " + astronautFile());
        }
        return m;
    }

    /** The astronaut scaled to fit {@code w x h} and centred on a grey background (like a webcam frame). */
    static Mat astronautIn(int w, int h) {
        try (Mat a = astronaut(); Mat scaled = new Mat()) {
            int side = Math.min(w, h);
            resize(a, scaled, new Size(side, side));
            Mat frame = new Mat(h, w, CV_8UC3, new Scalar(128, 128, 128, 0));
            try (Mat roi = frame.apply(new org.bytedeco.opencv.opencv_core.Rect((w - side) / 2, (h - side) / 2,
                    side, side))) {
                scaled.copyTo(roi);
            }
            return frame;
        }
    }

    /** Two astronauts side by side (1024x512). */
    static Mat twoAstronauts() {
        try (Mat a = astronaut()) {
            Mat both = new Mat();
            hconcat(a, a, both);
            return both;
        }
    }

    static Mat blank(int w, int h) {
        return new Mat(h, w, CV_8UC3, new Scalar(40, 160, 40, 0));
    }

    static Mat noise(int w, int h) {
        Mat m = new Mat(h, w, CV_8UC3);
        randu(m, new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, new Scalar(0)),
                new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, new Scalar(255)));
        return m;
    }
}
