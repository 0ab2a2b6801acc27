package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.MediaInput;
import org.wlcy.classroom.playback.TranscodeRequest;
import org.wlcy.classroom.playback.TranscodeResult;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.replay.Timeline;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The watch page in headless Chromium against the real gateway, with a real HLS package made in
 * the test (JavaCV: a 20 s VP8 + Opus "recording" transcoded by {@link HlsTranscoder} to H.264 +
 * AAC): playback advances; a seek past the furthest point watched snaps back with a message; a
 * timed question at 4 s pauses playback and pops up, and an answer sent after its deadline is
 * refused (217); a danmaku posted by another viewer flies over the video; on a replay the live
 * lesson's danmaku from {@code timeline.json} appears around its moment, and the chat in the
 * timeline panel.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(20);
    private static final ClassroomId CLASS = new ClassroomId("e2e-watch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String H264 = "video/mp4; codecs=\"avc1.42E01E,mp4a.40.2\"";
    private MediaStack stack;
    private Path hls;
    private long durationMillis;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        stack = MediaStack.start();
        Path work = Files.createTempDirectory("watch-e2e");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path video = work.resolve("camera.webm");
        Path audio = work.resolve("audio.webm");
        writeVp8(video, 20_000_000);
        writeOpusTone(audio, 20_000_000);
        hls = work.resolve("hls");
        TranscodeResult r = new HlsTranscoder().transcode(
                TranscodeRequest.of(MediaInput.of(video), MediaInput.of(audio), hls), f -> { }, () -> false);
        durationMillis = r.durationMicros() / 1000;
        assertThat(durationMillis).isBetween(19_000L, 21_000L);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTraineeWatchesUnderTheRulesAnswersLateAndSeesDanmaku() throws Exception {
        VideoId id = readyVideo("v-e2e-ondemand", VideoKind.ON_DEMAND, "main");
        String lecturer = token("l01", "李老师", Role.LECTURER);
        post(id, "questions", lecturer, Map.of("atS", 4, "prompt", "开网店前必须办理的是？",
                "options", List.of("营业执照", "出国签证"), "correct", List.of(0), "limitSeconds", 5));
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open(stack.baseUrl() + "/watch.html?video=" + id + "&token=" + token("t01", "王芳", Role.TRAINEE));
            assertThat((Boolean) page.script("return MediaSource.isTypeSupported(arguments[0])", H264))
                    .as("Debian Chromium plays H.264 + AAC through Media Source Extensions").isTrue();
            page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.elements("#watch-rules li")).hasSizeGreaterThanOrEqualTo(5);
            assertThat(page.element("#watch-rules li[data-rule='rate']").getText()).contains("1.5");
            page.await("the live stream is open", UI, () -> "open".equals(page.script("return document.body.dataset.live")));

            long t0 = System.nanoTime();
            page.script("document.getElementById('video-main').play()");
            page.await("playback time advances", UI, () -> time(page) > 1.0);
            E2eMetrics.record("watch page: play() -> 1 s of HLS playback: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            page.screenshot("watch-playing");

            // A seek past the furthest point watched: refused, the playhead snaps back, a message says so.
            page.script("document.getElementById('video-main').currentTime = 15");
            page.await("the seek is refused with a message", UI,
                    () -> "seek-refused".equals(page.element("#watch-message").getAttribute("data-kind"))
                            && page.element("#watch-message").isDisplayed());
            page.await("the playhead is back before the furthest point", UI, () -> time(page) < 5);
            page.screenshot("watch-seek-refused");

            // The question at 4 s pauses playback and pops up with the server's countdown.
            page.await("the question pops up", UI,
                    () -> "open".equals(page.element("#question-dialog").getAttribute("data-state")));
            assertThat(page.element("#question-prompt").getText()).isEqualTo("开网店前必须办理的是？");
            assertThat((Boolean) page.script("return document.getElementById('video-main').paused")).isTrue();
            assertThat(time(page)).isBetween(3.5, 5.0);
            page.screenshot("watch-question");

            // Let it expire, then answer: refused with 217, and sent back to the segment start.
            page.await("the countdown reaches 0", Duration.ofSeconds(15),
                    () -> "0".equals(page.element("#question-countdown").getAttribute("data-seconds-left")));
            page.element("#question-options input[value='0']").click();
            page.element("#question-submit").click();
            page.await("the late answer is refused (217)", UI,
                    () -> "217".equals(page.element("#watch-message").getAttribute("data-code")));
            assertThat(page.element("#watch-message").getAttribute("data-kind")).isEqualTo("late-rewind");
            assertThat(page.element("#question-dialog").getAttribute("data-state")).isEqualTo("late");
            page.await("rewound to the start", UI, () -> time(page) < 1.0);
            page.screenshot("watch-late-217");

            // Another viewer posts a danmaku: it flies over this trainee's video.
            post(id, "danmaku", token("t02", "张伟", Role.TRAINEE), Map.of("atS", 1.0, "text", "讲得真好"));
            page.await("the other viewer's danmaku flies", UI, () -> page.elements("#danmaku-layer .danmaku").stream()
                    .anyMatch(e -> "讲得真好".equals(e.getText()) && "t02".equals(e.getAttribute("data-user-id"))));
            page.screenshot("watch-danmaku");
        }
        assertThat(Files.exists(stack.gateway().playback().catalog().folder(id).resolve("danmaku.jsonl"))).isTrue();

        // The lecturer adds a question at the current time and sees the trainee's progress.
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open(stack.baseUrl() + "/watch.html?video=" + id + "&token=" + lecturer);
            page.await("the lecturer page is ready", UI,
                    () -> "ready".equals(page.script("return document.body.dataset.state")));
            page.await("the existing question is listed", UI, () -> page.elements("#question-list li").size() == 1);
            page.await("the trainee's progress is listed", UI,
                    () -> !page.elements("#progress-table tr[data-user-id='t01']").isEmpty());
            page.script("const v = document.getElementById('video-main'); v.currentTime = 12; v.pause();");
            page.await("the form takes the current time", UI, () -> Math.abs(Double.parseDouble(
                    (String) page.script("return document.getElementById('q-at').value")) - 12) < 0.5);
            page.element("#q-prompt").sendKeys("创业担保贷款向谁申请？");
            page.element("#q-options").sendKeys("人社部门\n银行柜台随便问");
            page.element("#q-add").click();
            page.await("the new question is listed", UI, () -> page.elements("#question-list li").size() == 2);
            page.screenshot("watch-lecturer");
        }
    }

    @Test
    void aReplayShowsTheLiveLessonsDanmakuAndTimelineAtTheirMoments() throws Exception {
        VideoId id = readyVideo("v-e2e-replay", VideoKind.REPLAY, "camera", "screen");
        Files.writeString(stack.gateway().playback().catalog().folder(id).resolve("timeline.json"), """
                {"items":[{"atMs":1000,"kind":"chat","by":"t03","name":"刘洋","text":"老师好"},
                          {"atMs":3000,"kind":"danmaku","by":"t04","name":"陈静","text":"回放里的弹幕","color":"#ffcc00"}]}
                """);
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open(stack.baseUrl() + "/watch.html?video=" + id + "&token=" + token("t01", "王芳", Role.TRAINEE));
            page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#timeline-panel").isDisplayed()).isTrue();
            assertThat(page.elements("#timeline-list li:not([hidden])")).as("nothing before its moment").isEmpty();
            page.script("document.getElementById('video-main').play()");
            page.await("the chat appears in the timeline at 1 s", UI,
                    () -> !page.elements("#timeline-list li[data-kind='chat']:not([hidden])").isEmpty());
            String flying = "#danmaku-layer .danmaku[data-source='live']";
            page.await("the live lesson's danmaku flies", UI, () -> page.elements(flying).stream()
                    .anyMatch(e -> "回放里的弹幕".equals(e.getText())));
            double at = time(page);
            assertThat(at).as("around its moment (3 s)").isBetween(2.5, 4.5);
            page.screenshot("watch-replay-danmaku");
            assertThat(page.element("#video-screen").isDisplayed()).as("the screen track plays beside the camera").isTrue();
            page.await("the screen track follows the camera track", UI, () -> (Boolean) page.script(
                    "const a = document.getElementById('video-main'), b = document.getElementById('video-screen');"
                            + "return !b.paused && b.currentTime > 1 && Math.abs(a.currentTime - b.currentTime) < 0.5;"));
            page.script("document.getElementById('video-main').pause()");
            page.await("the screen track pauses with it", UI,
                    () -> (Boolean) page.script("return document.getElementById('video-screen').paused"));
            page.script("document.getElementById('video-main').play()");
            page.await("credited coverage grows on the progress bar", UI, () -> Double.parseDouble(
                    page.element("#coverage-bar").getAttribute("data-coverage")) > 0.1);
            page.screenshot("watch-replay-progress");
        }
    }

    /** issue I (i-record): a replay of a lesson with a practice live room shows its pin and order at their moments. */
    @Test
    void aReplayShowsThePracticeLiveRoomsPinAndOrderOnItsTimeline() throws Exception {
        VideoId id = readyVideo("v-e2e-replay-live-room", VideoKind.REPLAY, "camera");
        Instant origin = Instant.parse("2026-12-07T08:00:00Z");
        List<TraceEvent> trace = List.of(
                traced(origin, -60_000, "t02", TraceKind.JOINED, Map.of("name", "刘洋", "role", "trainee")),
                traced(origin, -50_000, "t01", TraceKind.JOINED, Map.of("name", "王芳", "role", "trainee")),
                traced(origin, -30_000, "t01", TraceKind.COMMERCE_PRODUCT, Map.of("roomId", "cr-1", "productId", "pr-1",
                        "action", "put", "name", "高山红富士苹果", "priceFen", 3990L, "stock", 10L)),
                traced(origin, 1_000, "t01", TraceKind.COMMERCE_PRODUCT, Map.of("roomId", "cr-1", "productId", "pr-1",
                        "action", "pin")),
                traced(origin, 2_000, "t02", TraceKind.COMMERCE_ORDER, Map.of("roomId", "cr-1", "orderId", "od-1",
                        "hostId", "t01", "productId", "pr-1", "quantity", 2L, "unitPriceFen", 3990L, "totalFen", 7980L,
                        "flash", false, "stockLeft", 8L)));
        Timeline.write(stack.gateway().playback().catalog().folder(id).resolve(Timeline.FILE),
                Timeline.build(trace, "s-1", origin, durationMillis));
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open(stack.baseUrl() + "/watch.html?video=" + id + "&token=" + token("t03", "陈静", Role.TRAINEE));
            page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.elements("#timeline-list li:not([hidden])")).as("nothing before its moment").isEmpty();
            page.script("document.getElementById('video-main').play()");
            String order = "#timeline-list li[data-kind='commerce-order']:not([hidden])";
            page.await("the order appears in the timeline at 2 s", UI, () -> !page.elements(order).isEmpty());
            assertThat(page.element("#timeline-list li[data-kind='commerce-pin']").getText())
                    .contains("置顶商品").contains("王芳").contains("高山红富士苹果 · ¥39.90");
            assertThat(page.element(order).getText()).as("anonymous, as in the live room").contains("下单")
                    .contains("一位学员：高山红富士苹果 2 件，共 ¥79.80").doesNotContain("刘洋");
            page.screenshot("cmr-watch-replay-live-room");
        }
    }

    private static TraceEvent traced(Instant origin, long ms, String user, TraceKind kind, Map<String, Object> data) {
        return new TraceEvent(-1, CLASS, "s-1", new UserId(user), kind, origin.plusMillis(ms), "srv/" + ms, null, data);
    }

    private double time(HeadlessChromium page) {
        return ((Number) page.script("return document.getElementById('video-main').currentTime")).doubleValue();
    }

    private VideoId readyVideo(String name, VideoKind kind, String... tracks) throws Exception {
        VideoId id = new VideoId(name);
        VideoCatalog catalog = stack.gateway().playback().catalog();
        for (String track : tracks) {
            Path dest = catalog.folder(id).resolve("hls").resolve(track);
            try (var files = Files.walk(hls)) {
                for (Path f : files.toList()) {
                    Path to = dest.resolve(hls.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        Instant now = Instant.now();
        catalog.add(Video.create(id, CLASS, kind, kind == VideoKind.REPLAY ? "第一次课回放" : "开网店第一课", "l01",
                VideoState.PROCESSING, now, kind == VideoKind.REPLAY ? "s-1" : null,
                kind == VideoKind.REPLAY ? now : null).ready(durationMillis, List.of(tracks), now));
        return id;
    }

    private String token(String user, String name, Role role) {
        return stack.gateway().tokens().issue(new Identity(new UserId(user), name, role, Set.of(CLASS), "测试机构",
                "110000", Instant.EPOCH), Duration.ofHours(1));
    }

    private void post(VideoId id, String what, String token, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/videos/" + id
                        + "/" + what)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** VP8 320x240 at 30 fps, a moving gradient. */
    static void writeVp8(Path file, long durationMicros) throws Exception {
        int w = 320;
        int h = 240;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("webm");
            r.setVideoCodec(avcodec.AV_CODEC_ID_VP8);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(30);
            r.setVideoBitrate(300_000);
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "8");
            r.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer px = (ByteBuffer) f.image[0];
            int i = 0;
            for (long t = 0; t < durationMicros; t += 33_333, i++) {
                for (int p = 0; p < px.capacity(); p++) {
                    px.put(p, (byte) ((p / 3 + i * 7) & 0xff));
                }
                r.setTimestamp(t);
                r.record(f);
            }
            r.stop();
        }
    }

    /** A 440 Hz tone in Opus, mono 48 kHz. */
    static void writeOpusTone(Path file, long durationMicros) throws Exception {
        int rate = 48_000;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setFormat("webm");
            r.setAudioCodecName("libopus");
            r.setSampleRate(rate);
            r.setAudioBitrate(48_000);
            r.start();
            long total = durationMicros * rate / 1_000_000;
            short[] chunk = new short[960];
            for (long n = 0; n < total; n += 960) {
                for (int k = 0; k < chunk.length; k++) {
                    chunk[k] = (short) (12_000 * Math.sin(2 * Math.PI * 440 * (n + k) / rate));
                }
                r.recordSamples(rate, 1, ShortBuffer.wrap(chunk));
            }
            r.stop();
        }
    }
}
