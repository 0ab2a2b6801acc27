package org.wlcy.classroom.gateway.e2e;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Makes a {@code .y4m} video for Chromium's {@code --use-file-for-fake-video-capture} from a
 * still picture (JavaCV's OpenCV for reading, scaling and BGR to I420): the picture centred on a
 * grey {@code width x height} frame, repeated for {@code frames} frames at 15 fps. Chromium loops it.
 */
final class FakeCameraVideo {
    private FakeCameraVideo() {
    }

    static Path y4m(Path picture, Path out, int width, int height, int frames) throws IOException {
        byte[] i420;
        try (Mat src = imread(picture.toString()); Mat scaled = new Mat();
             Mat frame = new Mat(height, width, CV_8UC3, new Scalar(128, 128, 128, 0)); Mat yuv = new Mat()) {
            if (src.empty()) {
                throw new IOException("cannot read " + picture);
            }
            int side = Math.min(width, height);
            resize(src, scaled, new Size(side, side));
            try (Mat roi = frame.apply(new Rect((width - side) / 2, (height - side) / 2, side, side))) {
                scaled.copyTo(roi);
            }
            cvtColor(frame, yuv, COLOR_BGR2YUV_I420);
            i420 = new byte[width * height * 3 / 2];
            yuv.data().get(i420);
        }
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            o.write(("YUV4MPEG2 W" + width + " H" + height + " F15:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] frameHeader = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < frames; i++) {
                o.write(frameHeader);
                o.write(i420);
            }
        }
        return out;
    }

    /**
     * The public-domain astronaut picture (from the proctoring test-jar) copied to a file: the
     * resource may sit inside a jar, where it has no path of its own.
     */
    static Path astronautPicture(Path dir) throws IOException {
        Path out = dir.resolve("astronaut.png");
        try (var in = FakeCameraVideo.class.getResourceAsStream("/face/astronaut.png")) {
            if (in == null) {
                throw new IOException("/face/astronaut.png is not on the test classpath");
            }
            java.nio.file.Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
