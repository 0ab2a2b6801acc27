package org.wlcy.classroom.playback;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small MP4 files (H.264 by openh264, optional AAC tone) such as a lecturer might upload. */
public final class SampleVideos {
    private SampleVideos() {
    }

    /** {@code seconds} of moving bars at 25 fps, with a 440 Hz tone when {@code withAudio}. */
    public static void mp4(Path file, int seconds, int width, int height, boolean withAudio) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        int rate = 44_100;
        int fps = 25;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, withAudio ? 1 : 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize(fps * 2);
            r.setVideoBitrate(400_000);
            if (withAudio) {
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(rate);
                r.setAudioChannels(1);
                r.setAudioBitrate(64_000);
            }
            r.start();
            Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer px = (ByteBuffer) f.image[0];
            int stride = f.imageStride;
            short[] samples = new short[rate / fps];
            long n = 0;
            for (int i = 0; i < seconds * fps; i++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int p = y * stride + x * 3;
                        int v = ((x + i * 4) / 20) % 2 == 0 ? 200 : 40;
                        px.put(p, (byte) v);
                        px.put(p + 1, (byte) (y * 255 / height));
                        px.put(p + 2, (byte) (i * 5));
                    }
                }
                r.record(f);
                if (withAudio) {
                    for (int k = 0; k < samples.length; k++, n++) {
                        samples[k] = (short) (10_000 * Math.sin(2 * Math.PI * 440 * n / rate));
                    }
                    r.recordSamples(rate, 1, ShortBuffer.wrap(samples));
                }
            }
            r.stop();
        }
    }
}
