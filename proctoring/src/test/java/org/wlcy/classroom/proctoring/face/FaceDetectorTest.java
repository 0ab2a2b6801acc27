package org.wlcy.classroom.proctoring.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Haar cascade on known images: one face, none, two. */
class FaceDetectorTest {
    private static FaceDetector detector;

    @BeforeAll
    static void load() {
        long t0 = System.nanoTime();
        detector = FaceDetector.frontalFace();
        System.out.printf("[face] cascade loaded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void theAstronautHasOneFace() {
        try (Mat img = TestImages.astronaut()) {
            FaceDetection d = detector.detect(img);
            assertThat(d.count()).isEqualTo(1);
            FaceBox face = d.faces().get(0);
            assertThat(face.width()).isGreaterThan(51);
            // Her face is in the upper middle of the photograph.
            assertThat(face.x() + face.width() / 2).isBetween(128, 384);
            assertThat(face.y() + face.height() / 2).isLessThan(256);
        }
    }

    @Test
    void theAstronautInAWebcamSizedFrameHasOneFace() {
        try (Mat img = TestImages.astronautIn(640, 480)) {
            long t0 = System.nanoTime();
            FaceDetection d = detector.detect(VideoFrame.of(img));
            System.out.printf("[face] 640x480 detection in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(d.count()).isEqualTo(1);
            assertThat(d.frameWidth()).isEqualTo(640);
            assertThat(d.frameHeight()).isEqualTo(480);
        }
    }

    @Test
    void blankAndNoiseHaveNoFace() {
        try (Mat blank = TestImages.blank(640, 480); Mat noise = TestImages.noise(640, 480)) {
            assertThat(detector.detect(blank).count()).isZero();
            assertThat(detector.detect(noise).count()).isZero();
        }
    }

    @Test
    void twoAstronautsSideBySideAreTwoFaces() {
        try (Mat img = TestImages.twoAstronauts()) {
            FaceDetection d = detector.detect(img);
            assertThat(d.count()).isEqualTo(2);
            assertThat(d.faces()).extracting(FaceBox::x).anyMatch(x -> x < 512).anyMatch(x -> x >= 512);
        }
    }

    @Test
    void grayscaleInputWorksToo() {
        try (Mat img = TestImages.astronaut(); Mat gray = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.cvtColor(img, gray,
                    org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY);
            assertThat(detector.detect(gray).count()).isEqualTo(1);
        }
    }

    @Test
    void oneDetectorServesSeveralThreads() throws Exception {
        VideoFrame frame;
        try (Mat img = TestImages.astronaut()) {
            frame = VideoFrame.of(img);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> detector.detect(frame).count());
            }
            for (Future<Integer> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                assertThat(f.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
