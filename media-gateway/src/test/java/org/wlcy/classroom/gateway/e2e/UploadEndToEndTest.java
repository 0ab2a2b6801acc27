package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.playback.SampleVideos;
import org.wlcy.classroom.participant.Role;

/**
 * An on-demand lesson through the lecturer page only, with the real gateway, the real job
 * (JavaCV) and headless Chromium: a 6 s MP4 (generated here) picked in the 课程视频 panel is
 * uploaded in several 64 KiB chunks while the progress text climbs to 100%, the catalogue shows it
 * queued/processing with a progress bar and then ready, and 预览 plays it inline with hls.js: the
 * {@code <video>}'s {@code currentTime} advances. A trainee of the class then finds it in
 * 课程回放与点播, linking to the watch page.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(20);
    private static final Duration PROCESSING = Duration.ofSeconds(90);
    private static final String CLASS = "e2e-vod";
    private Path inputs;
    private MediaStack stack;
    private Path video;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        inputs = Files.createTempDirectory("upload-e2e");
        video = inputs.resolve("第一课-开店准备.mp4");
        SampleVideos.mp4(video, 6, 320, 240, true);
        assertThat(Files.size(video)).as("several 64 KiB chunks").isGreaterThan(3 * 64 * 1024);
        stack = MediaStack.start(UnaryOperator.identity(), List.of("--playback.maxChunkKilobytes=64"));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        try (var files = Files.walk(inputs)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        } catch (java.io.IOException ignored) {
            // temp folder
        }
    }

    @Test
    void aLecturerUploadsAVideoThatIsProcessedAndPlaysInThePreview() throws Exception {
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", CLASS, "lect-1", "李老师", Role.LECTURER));
            lecturer.await("the upload form is ready", UI, () -> lecturer.element("#video-upload").isEnabled());
            // Remember every upload percentage and every processing state the page shows.
            lecturer.script("""
                    window.__seen = {percent: [], states: [], progress: []};
                    new MutationObserver(() => {
                      const p = document.getElementById('video-upload-percent').dataset.percent;
                      if (window.__seen.percent[window.__seen.percent.length - 1] !== p) window.__seen.percent.push(p);
                    }).observe(document.getElementById('video-upload-percent'), {attributes: true, childList: true});
                    new MutationObserver(() => {
                      for (const li of document.querySelectorAll('#video-list li')) {
                        window.__seen.states.push(li.dataset.state);
                        const bar = li.querySelector('.video-processing');
                        if (bar) window.__seen.progress.push(bar.dataset.progress);
                      }
                    }).observe(document.getElementById('video-list'), {childList: true, subtree: true});
                    """);
            lecturer.element("#video-title").sendKeys("第一课：开店准备");
            lecturer.element("#video-file").sendKeys(video.toAbsolutePath().toString());
            long clicked = System.nanoTime();
            lecturer.element("#video-upload").click();

            lecturer.await("the upload reaches 100%", UI,
                    () -> "100".equals(lecturer.element("#video-upload-percent").getAttribute("data-percent")));
            long uploaded = System.nanoTime();
            long uploadMs = (uploaded - clicked) / 1_000_000;
            assertThat(lecturer.element("#video-upload-percent").getText()).isEqualTo("100%");
            assertThat(lecturer.element("#video-upload-error").isDisplayed()).isFalse();
            @SuppressWarnings("unchecked")
            List<String> percents = (List<String>) lecturer.script("return window.__seen.percent");
            assertThat(percents).as("several chunks, each moving the bar").hasSizeGreaterThanOrEqualTo(4)
                    .anySatisfy(p -> assertThat(Integer.parseInt(p)).isBetween(1, 99));
            lecturer.screenshot("upload-lecturer-uploaded");

            lecturer.await("the video is ready in the catalogue", PROCESSING,
                    () -> "ready".equals(lecturer.element("#video-list li[data-kind='on-demand']").getAttribute("data-state")));
            @SuppressWarnings("unchecked")
            List<String> states = (List<String>) lecturer.script("return window.__seen.states");
            assertThat(states).as("the catalogue showed it being processed before ready")
                    .containsAnyOf("queued", "processing");
            @SuppressWarnings("unchecked")
            List<String> bars = (List<String>) lecturer.script("return window.__seen.progress");
            assertThat(bars).as("a processing progress bar was shown").isNotEmpty();
            E2eMetrics.record("upload: " + Files.size(video) + " bytes in 64 KiB chunks -> 100% in " + uploadMs
                    + " ms; 6 s 320x240 MP4 processed to ready in " + (System.nanoTime() - uploaded) / 1_000_000
                    + " ms (states seen: " + states.stream().distinct().toList() + ")");
            lecturer.screenshot("upload-lecturer-ready");

            lecturer.element("#video-list li[data-kind='on-demand'] button[data-action='preview']").click();
            lecturer.await("the preview is playing (currentTime advances)", UI, () -> {
                Object t = lecturer.script("const v = document.getElementById('video-preview-player');"
                        + "return v && !v.paused ? v.currentTime : 0;");
                return ((Number) t).doubleValue() > 1.0;
            });
            double t1 = ((Number) lecturer.script("return document.getElementById('video-preview-player').currentTime")).doubleValue();
            lecturer.await("currentTime keeps advancing", UI, () -> ((Number) lecturer.script(
                    "return document.getElementById('video-preview-player').currentTime")).doubleValue() > t1 + 0.5);
            Object size = lecturer.script("const v = document.getElementById('video-preview-player');"
                    + "return v.videoWidth + 'x' + v.videoHeight;");
            assertThat(size).isEqualTo("320x240");
            lecturer.screenshot("upload-lecturer-preview");

            trainee.open(stack.link("trainee.html", CLASS, "t-1", "王芳", Role.TRAINEE));
            trainee.await("the trainee sees the ready lesson", UI, () -> !trainee.elements("#my-videos li a").isEmpty());
            assertThat(trainee.element("#my-videos li a").getText()).isEqualTo("第一课：开店准备");
            assertThat(trainee.element("#my-videos li a").getAttribute("href")).contains("/watch.html?video=v-");
        }
    }

    @Test
    void anUploadResumesAfterALostChunkAndAWrongFileTypeIsExplained() throws Exception {
        Path notes = inputs.resolve("讲义.txt");
        Files.writeString(notes, "not a video");
        try (HeadlessChromium lecturer = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", CLASS + "-2", "lect-2", "赵老师", Role.LECTURER));
            lecturer.await("the upload form is ready", UI, () -> lecturer.element("#video-upload").isEnabled());

            // A file type the server does not take: the page says why, with the code.
            lecturer.element("#video-title").sendKeys("讲义");
            lecturer.element("#video-file").sendKeys(notes.toAbsolutePath().toString());
            lecturer.element("#video-upload").click();
            lecturer.await("the type is refused with 237", UI,
                    () -> "237".equals(lecturer.element("#video-upload-error").getAttribute("data-code")));
            assertThat(lecturer.element("#video-upload-error").getText()).contains("不支持该文件类型", "txt");

            // The third chunk is lost on the way (the network drops): the page stops and offers to resume.
            lecturer.script("""
                    const original = window.fetch; let puts = 0;
                    window.fetch = (url, opts) => (opts && opts.method === 'PUT' && ++puts === 3)
                      ? Promise.reject(new TypeError('simulated network drop')) : original(url, opts);
                    """);
            lecturer.element("#video-title").clear();
            lecturer.element("#video-title").sendKeys("第二课：选品");
            lecturer.element("#video-file").sendKeys(video.toAbsolutePath().toString());
            lecturer.element("#video-upload").click();
            lecturer.await("the upload stops with a network error", UI,
                    () -> "NETWORK".equals(lecturer.element("#video-upload-error").getAttribute("data-code"))
                            && lecturer.element("#video-resume").isDisplayed());
            String stoppedAt = lecturer.element("#video-upload-percent").getAttribute("data-percent");
            assertThat(Integer.parseInt(stoppedAt)).as("two chunks made it").isBetween(1, 99);
            lecturer.screenshot("upload-lecturer-paused");

            lecturer.element("#video-resume").click();
            lecturer.await("the resumed upload reaches 100%", UI,
                    () -> "100".equals(lecturer.element("#video-upload-percent").getAttribute("data-percent")));
            String id = lecturer.element("#video-upload-progress").getAttribute("data-video-id");
            lecturer.await("the resumed upload is processed to ready", PROCESSING,
                    () -> "ready".equals(lecturer.element("#video-list li[data-video-id='" + id + "']").getAttribute("data-state")));
            Path stored = stack.gateway().config().dataDir().resolve("videos").resolve(id).resolve("source").resolve("upload.mp4");
            assertThat(Files.readAllBytes(stored)).as("the resumed file is intact").isEqualTo(Files.readAllBytes(video));
        }
    }
}
