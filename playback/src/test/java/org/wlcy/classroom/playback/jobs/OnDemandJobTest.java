package org.wlcy.classroom.playback.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.SampleVideos;
import org.wlcy.classroom.playback.VideoProbe;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.upload.UploadFiles;
import org.wlcy.classroom.playback.upload.UploadTicket;

/** The on-demand job with real JavaCV on generated MP4 files. */
class OnDemandJobTest {
    @TempDir
    Path folder;
    private final UploadFiles uploads = new UploadFiles(64 * 1024 * 1024);
    private final OnDemandJob job = new OnDemandJob(new HlsTranscoder(), uploads);
    private final Video video = Video.create(new VideoId("v1"), new ClassroomId("c1"), VideoKind.ON_DEMAND, "第一课",
            "lect", VideoState.PROCESSING, Instant.EPOCH, null, null);

    private void upload(Path file, String name) throws Exception {
        UploadTicket ticket = new UploadTicket(name, UploadTicket.extensionOf(name), Files.size(file), "video/mp4");
        uploads.start(folder, ticket);
        Files.copy(file, uploads.source(folder, ticket), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anUploadedMp4WithSoundBecomesTheMainTrack(@TempDir Path in) throws Exception {
        Path mp4 = in.resolve("lesson.mp4");
        SampleVideos.mp4(mp4, 3, 320, 240, true);
        assertThat(VideoProbe.probe(mp4)).satisfies(p -> {
            assertThat(p.isVideo()).isTrue();
            assertThat(p.audio()).isTrue();
        });
        upload(mp4, "lesson.mp4");
        List<Double> progress = new CopyOnWriteArrayList<>();
        JobOutcome out = job.run(video, folder, progress::add, () -> false);
        assertThat(out.tracks()).containsExactly("main");
        assertThat(out.durationMillis()).isBetween(2_800L, 3_300L);
        String master = Files.readString(folder.resolve("hls/main/master.m3u8"));
        assertThat(master).contains("video/index.m3u8", "audio/index.m3u8", "mp4a.40.2");
        assertThat(progress).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void aVideoWithoutSoundIsTranscodedToo(@TempDir Path in) throws Exception {
        Path mp4 = in.resolve("silent.mp4");
        SampleVideos.mp4(mp4, 2, 320, 240, false);
        upload(mp4, "silent.mp4");
        JobOutcome out = job.run(video, folder, null, () -> false);
        assertThat(out.tracks()).containsExactly("main");
        String master = Files.readString(folder.resolve("hls/main/master.m3u8"));
        assertThat(master).contains("video/index.m3u8").doesNotContain("audio/index.m3u8");
    }

    @Test
    void aFileThatIsNotAVideoFailsWithAClearMessage(@TempDir Path in) throws Exception {
        Path text = in.resolve("notes.mp4");
        Files.writeString(text, "这不是视频 — just some text pretending to be an mp4\n".repeat(200));
        assertThat(VideoProbe.probe(text).isVideo()).isFalse();
        upload(text, "notes.mp4");
        assertThatThrownBy(() -> job.run(video, folder, null, () -> false))
                .hasMessageContaining("not a video");
        assertThat(folder.resolve("hls/main/master.m3u8")).doesNotExist();
    }

    @Test
    void anIncompleteUploadIsNotProcessed(@TempDir Path in) throws Exception {
        uploads.start(folder, new UploadTicket("big.mp4", "mp4", 1000, "video/mp4"));
        assertThatThrownBy(() -> job.run(video, folder, null, () -> false)).hasMessageContaining("incomplete");
    }
}
