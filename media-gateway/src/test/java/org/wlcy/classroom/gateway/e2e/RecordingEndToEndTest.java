package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoCatalog;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.playback.jobs.JobOutcome;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Recording to replay with every real part: a lecturer page (headless Chromium, fake camera,
 * microphone and screen) publishes into the managed Janus, records ~9 s (sharing the screen a
 * second time in between), stops; the replay job
 * remuxes Janus's .mjr files with janus-pp-rec and transcodes them with JavaCV; the HLS camera
 * track must be as long as the recording, with frames and sound, and the screen track too.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingEndToEndTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration UI_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LECTURE = Duration.ofSeconds(9);
    private static final String CHAT = "这节课有回放吗";
    private MediaStack stack;

    @BeforeAll
    void startStack() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        stack = MediaStack.start();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRecordedLessonBecomesAReplayAsLongAsTheRecordingWithPictureAndSound() throws Exception {
        String classId = "e2e-recording";
        VideoCatalog catalog = stack.gateway().playback().catalog();
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI_TIMEOUT);
            lecturer.element("#btn-camera").click();
            lecturer.element("#btn-screen").click();
            lecturer.await("camera and screen published", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer.element("#camera-status").getAttribute("data-state"))
                            && "live".equals(lecturer.element("#screen-status").getAttribute("data-state")));
            lecturer.await("the lecturer's page sends video and audio", MEDIA_TIMEOUT,
                    () -> outbound(lecturer, "framesEncoded") > 0 && outbound(lecturer, "audioPackets") > 0);
            trainee.open(stack.link("trainee.html", classId, "t01", "王芳", Role.TRAINEE));
            trainee.await("consent dialog", UI_TIMEOUT, () -> trainee.element("#btn-consent-decline").isDisplayed());
            trainee.element("#btn-consent-decline").click();
            trainee.await("trainee joined", UI_TIMEOUT,
                    () -> "live".equals(trainee.element("#session-state").getAttribute("data-state"))
                            && !trainee.element("#consent-dialog").isDisplayed());

            lecturer.await("record button enabled", UI_TIMEOUT, () -> lecturer.element("#btn-record").isEnabled());
            lecturer.element("#btn-record").click();
            lecturer.await("the lecturer sees the recording indicator", UI_TIMEOUT,
                    () -> "recording".equals(lecturer.element("#recording-indicator").getAttribute("data-state")));
            trainee.await("the trainee is told the lesson is recorded", UI_TIMEOUT,
                    () -> "recording".equals(trainee.element("#recording-indicator").getAttribute("data-state")));
            Video recording = catalog.list(new ClassroomId(classId)).get(0);
            assertThat(recording.state()).isEqualTo(VideoState.RECORDING);
            Instant origin = recording.originAt();
            Path folder = catalog.folder(recording.id());
            lecturer.await("the recording files appear", MEDIA_TIMEOUT, () -> mjrFiles(folder).size() >= 3);

            trainee.await("danmaku enabled", UI_TIMEOUT, () -> trainee.element("#danmaku-input").isEnabled());
            trainee.element("#danmaku-input").sendKeys(CHAT);
            trainee.element("#danmaku-send").click();
            lecturer.await("the lecturer sees the trainee's danmaku", UI_TIMEOUT, () -> lecturer
                    .elements("#danmaku-layer .danmaku[data-danmaku-id]").stream().anyMatch(e -> CHAT.equals(e.getText())));
            lecturer.screenshot("lecturer-recording");
            trainee.screenshot("trainee-recording");
            // The lecturer shares the screen again while recording: the new publisher is recorded too,
            // and the job joins both screen recordings in time.
            lecturer.element("#btn-screen-stop").click();
            lecturer.await("screen share stopped", UI_TIMEOUT,
                    () -> !"live".equals(lecturer.element("#screen-status").getAttribute("data-state")));
            lecturer.element("#btn-screen").click();
            lecturer.await("screen shared again and recorded", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer.element("#screen-status").getAttribute("data-state"))
                            && mjrFiles(folder).stream().anyMatch(f -> f.getFileName().toString().startsWith("screen-003")));
            long framesAtStart = outbound(lecturer, "framesEncoded");
            lecturer.await(LECTURE.toSeconds() + " s of media sent while recording", Duration.ofSeconds(40),
                    () -> Instant.now().isAfter(origin.plus(LECTURE))
                            && outbound(lecturer, "framesEncoded") > framesAtStart + 60);
            lecturer.element("#btn-record").click();
            // The stopped recording goes to the jobs runner, which builds the replay; the lecturer's
            // catalogue shows its progress.
            List<Double> progress = new CopyOnWriteArrayList<>();
            lecturer.await("the replay is built", Duration.ofSeconds(120), () -> {
                Video v = catalog.find(recording.id()).orElseThrow();
                if (v.state() == VideoState.PROCESSING && (progress.isEmpty()
                        || progress.get(progress.size() - 1) != v.progress())) {
                    progress.add(v.progress());
                }
                if (v.state() == VideoState.FAILED) {
                    throw new AssertionError("the replay job failed: " + v.error());
                }
                return v.state() == VideoState.READY;
            });
            Instant readyAt = Instant.now();
            Video ready = catalog.find(recording.id()).orElseThrow();
            JobOutcome outcome = new JobOutcome(ready.durationMillis(), ready.tracks());
            keepForPeople(folder);

            lecturer.await("the indicator goes off", UI_TIMEOUT,
                    () -> "off".equals(lecturer.element("#recording-indicator").getAttribute("data-state")));
            trainee.await("the trainee's pill goes off", UI_TIMEOUT,
                    () -> "off".equals(trainee.element("#recording-indicator").getAttribute("data-state")));
            lecturer.screenshot("lecturer-recorded");
            lecturer.await("recording.stopped is in the trace", UI_TIMEOUT, () -> stopTime(classId, origin) != null);
            Instant stoppedAt = stopTime(classId, origin);
            double lectureSeconds = Duration.between(origin, stoppedAt).toMillis() / 1000.0;
            double readySeconds = Duration.between(stoppedAt, readyAt).toMillis() / 1000.0;
            E2eMetrics.record(String.format(Locale.ROOT,
                    "recording-to-replay-ready: %.2f s for a %.2f s lecture (camera+mic+screen) = %.3f of its length",
                    readySeconds, lectureSeconds, readySeconds / lectureSeconds));

            assertThat(outcome.tracks()).containsExactly("camera", "screen");
            assertThat(outcome.durationMillis() / 1000.0).isCloseTo(lectureSeconds, within(0.5));
            assertThat(progress).as("the catalogue showed the job's progress advancing").hasSizeGreaterThan(2)
                    .isSorted();

            Probe camera = probe(folder.resolve("hls/camera/video/index.m3u8"));
            assertThat(camera.durationSeconds).as("camera track length").isCloseTo(lectureSeconds, within(0.5));
            assertThat(camera.frames).as("camera frames").isGreaterThan((int) (lectureSeconds * 5));
            assertThat(camera.samples).as("lecturer's audio samples").isGreaterThan((long) (lectureSeconds * 40_000));
            Probe screen = probe(folder.resolve("hls/screen/video/index.m3u8"));
            assertThat(screen.durationSeconds).as("screen track length").isCloseTo(lectureSeconds, within(0.5));
            assertThat(screen.frames).isPositive();
            assertThat(folder.resolve("hls/camera/master.m3u8")).isRegularFile();
            var timeline = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("timeline.json").toFile());
            assertThat(timeline.get("items")).as("the danmaku is on the replay's timeline").anySatisfy(i -> {
                assertThat(i.get("kind").asText()).isEqualTo("danmaku");
                assertThat(i.get("text").asText()).isEqualTo(CHAT);
                assertThat(i.get("by").asText()).isEqualTo("t01");
                assertThat(i.get("name").asText()).isEqualTo("王芳");
                assertThat(i.get("atMs").asLong()).isBetween(0L, outcome.durationMillis());
            });
            assertThat(mjrFiles(folder)).as("raw recordings stay in source/").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).matches("(camera|screen)-\\d+-l01-.*"));

            // The trainee watches the replay: the danmaku sent during the live lesson flies at its moment.
            long danmakuAtMs = -1;
            for (var item : timeline.get("items")) {
                if (item.get("kind").asText().equals("danmaku")) {
                    danmakuAtMs = item.get("atMs").asLong();
                }
            }
            trainee.open(stack.baseUrl() + "/watch.html?video=" + recording.id().value());
            trainee.await("the replay page is ready", UI_TIMEOUT,
                    () -> "ready".equals(trainee.script("return document.body.dataset.state")));
            trainee.script("document.getElementById('video-main').play()");
            String flying = "#danmaku-layer .danmaku[data-source='live']";
            trainee.await("the live lesson's danmaku flies over the replay", Duration.ofSeconds(40),
                    () -> trainee.elements(flying).stream().anyMatch(e -> CHAT.equals(e.getText())));
            double at = ((Number) trainee.script("return document.getElementById('video-main').currentTime"))
                    .doubleValue();
            assertThat(at).as("at its moment of the lesson (%d ms)", danmakuAtMs)
                    .isBetween(danmakuAtMs / 1000.0 - 0.5, danmakuAtMs / 1000.0 + 1.5);
            trainee.screenshot("replay-danmaku-at-its-moment");
        }
    }

    /** When the server stopped the recording (its trace says), i.e. the end of the recorded media; or null. */
    private Instant stopTime(String classId, Instant origin) {
        var store = stack.gateway().proctoring().store();
        try {
            List<TraceEvent> events = stack.gateway().proctoring().blocking()
                    .submit(() -> store.readByTime(new ClassroomId(classId), origin, Instant.now().plusSeconds(1)))
                    .get();
            return events.stream().filter(e -> e.kind() == TraceKind.RECORDING_STOPPED).map(TraceEvent::recordedAt)
                    .findFirst().orElse(null);
        } catch (Exception e) {
            throw new AssertionError("reading the trace failed", e);
        }
    }

    /** Copies the raw recordings and the timeline to {@code target/recording-e2e/} for people to look at. */
    private static void keepForPeople(Path folder) throws java.io.IOException {
        Path out = Path.of("target", "recording-e2e");
        Files.createDirectories(out);
        try (Stream<Path> files = Stream.concat(Files.list(folder.resolve("source")), Files.list(folder.resolve("work")))) {
            for (Path f : files.toList()) {
                Files.copy(f, out.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(folder.resolve("timeline.json"), out.resolve("timeline.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> mjrFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder.resolve("source"))) {
            return files.filter(f -> f.toString().endsWith(".mjr")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Sums one figure over the page's sending peer connections ({@code outbound-rtp}). */
    private static long outbound(HeadlessChromium page, String what) {
        Object result = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  let frames = 0, audio = 0;
                  const pcs = (window.classroom && window.classroom.peerConnections) ? window.classroom.peerConnections() : [];
                  for (const p of pcs) {
                    if (p.direction !== 'send') continue;
                    const stats = await p.pc.getStats();
                    stats.forEach(r => {
                      if (r.type === 'outbound-rtp' && r.kind === 'video') frames += (r.framesEncoded || 0);
                      if (r.type === 'outbound-rtp' && r.kind === 'audio') audio += (r.packetsSent || 0);
                    });
                  }
                  done({framesEncoded: frames, audioPackets: audio});
                })().catch(e => done({error: String(e)}));
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) result;
        Object v = m.get(what);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static final class Probe {
        int frames;
        long samples;
        double durationSeconds;
    }

    static Probe probe(Path playlist) throws Exception {
        Probe p = new Probe();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(playlist.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.start();
            p.durationSeconds = g.getLengthInTime() / 1e6;
            int channels = Math.max(1, g.getAudioChannels());
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) {
                    p.frames++;
                }
                if (f.samples != null) {
                    p.samples += ((ShortBuffer) f.samples[0]).remaining() / channels;
                }
            }
            g.stop();
        }
        return p;
    }
}
