package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.participant.Role;

/**
 * The first live lesson with every real part: the gateway, a managed Janus, and three headless
 * Chromium pages with fake cameras. A lecturer starts the lesson and publishes; two trainees
 * decode the lecturer's video; the lecturer's list shows both; the lecturer ends the lesson and
 * both trainee pages say so.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveLessonEndToEndTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration UI_TIMEOUT = Duration.ofSeconds(15);
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
    void traineesSeeTheLecturerAndAreToldWhenTheLessonEnds() throws Exception {
        String classId = "e2e-class";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee1 = HeadlessChromium.start(null);
             HeadlessChromium trainee2 = HeadlessChromium.start(null)) {

            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.await("lecturer page connected", UI_TIMEOUT,
                    () -> "open".equals(lecturer.element("#connection-state").getAttribute("data-state")));
            lecturer.startLesson(UI_TIMEOUT);
            lecturer.element("#btn-camera").click();
            lecturer.await("camera published", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer.element("#camera-status").getAttribute("data-state")));

            long firstFrameMs1 = joinAndWaitForVideo(trainee1, classId, "t01", "王芳");
            long firstFrameMs2 = joinAndWaitForVideo(trainee2, classId, "t02", "刘洋");
            E2eMetrics.record("trainee page open -> first decoded lecturer frame: " + firstFrameMs1 + " ms, "
                    + firstFrameMs2 + " ms; steps (ms since page load) t01: "
                    + trainee1.diagnostics().firstFrameBreakdown("l01", "camera") + "; t02: "
                    + trainee2.diagnostics().firstFrameBreakdown("l01", "camera"));

            for (HeadlessChromium t : List.of(trainee1, trainee2)) {
                List<Map<String, Object>> inbound = t.inboundVideo();
                assertThat(inbound).as("the trainee sees and hears the lecturer's camera and microphone")
                        .anySatisfy(m -> {
                            assertThat(m.get("kind")).isEqualTo("camera");
                            assertThat(((Number) m.get("framesDecoded")).longValue()).isPositive();
                        });
                t.await("the trainee receives the lecturer's audio", MEDIA_TIMEOUT, () -> t.inboundVideo().stream()
                        .anyMatch(m -> ((Number) m.get("audioBytes")).longValue() > 0));
                assertThat(t.element("#session-state").getAttribute("data-state")).isEqualTo("live");
            }

            lecturer.await("lecturer's list shows both trainees", UI_TIMEOUT,
                    () -> !lecturer.elements("#participants [data-user-id='t01']").isEmpty()
                            && !lecturer.elements("#participants [data-user-id='t02']").isEmpty());
            assertThat(lecturer.element("#participant-count-trainees").getText()).startsWith("2");
            lecturer.screenshot("lecturer-live");
            trainee1.screenshot("trainee-live");

            lecturer.element("#btn-end").click();
            lecturer.await("end dialog open", UI_TIMEOUT, () -> lecturer.element("#btn-end-confirm").isDisplayed());
            lecturer.element("#btn-end-confirm").click();
            for (HeadlessChromium t : List.of(trainee1, trainee2)) {
                t.await("trainee page shows the lesson ended", UI_TIMEOUT,
                        () -> "ended".equals(t.element("#session-state").getAttribute("data-state"))
                                && t.element("#ended-banner").isDisplayed());
            }
            trainee1.screenshot("trainee-ended");
        }
    }

    @Test
    void coLecturerAndScreenShareReachTraineesAndMediaComesBackAfterJanusDies() throws Exception {
        String classId = "e2e-recovery";
        try (HeadlessChromium lecturer1 = HeadlessChromium.start(null);
             HeadlessChromium lecturer2 = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer1.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer1.startLesson(UI_TIMEOUT);
            lecturer1.element("#btn-camera").click();
            lecturer1.element("#btn-screen").click();
            lecturer1.await("camera and screen published", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer1.element("#camera-status").getAttribute("data-state"))
                            && "live".equals(lecturer1.element("#screen-status").getAttribute("data-state")));

            lecturer2.open(stack.link("lecturer.html", classId, "l02", "张老师", Role.LECTURER));
            lecturer2.await("co-lecturer sees the live lesson", UI_TIMEOUT,
                    () -> "live".equals(lecturer2.element("#session-state").getAttribute("data-state")));
            lecturer2.element("#btn-camera").click();
            lecturer2.await("co-lecturer's camera published", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer2.element("#camera-status").getAttribute("data-state")));
            lecturer2.await("co-lecturer decodes the first lecturer's camera and screen", MEDIA_TIMEOUT,
                    () -> decodingStreams(lecturer2) >= 2);

            trainee.open(stack.link("trainee.html", classId, "t01", "王芳", Role.TRAINEE));
            trainee.await("trainee decodes both cameras and the screen share", MEDIA_TIMEOUT,
                    () -> decodingStreams(trainee) >= 3);
            assertThat(trainee.inboundVideo()).extracting(m -> m.get("kind"))
                    .containsExactlyInAnyOrder("camera", "camera", "screen");
            List<Object> before = trainee.inboundVideo().stream().map(m -> m.get("streamId")).toList();

            long pid = stack.media().managed().pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            trainee.await("trainee page shows that video is interrupted", MEDIA_TIMEOUT,
                    () -> "400".equals(trainee.element("#error-banner").getAttribute("data-code")));
            assertThat(trainee.element("#session-state").getAttribute("data-state"))
                    .as("the lesson goes on while the media server restarts").isEqualTo("live");
            trainee.screenshot("trainee-media-lost");

            trainee.await("after Janus restarts, the lecturers republish and the trainee decodes all three again",
                    Duration.ofSeconds(60), () -> trainee.inboundVideo().stream()
                            .filter(m -> !before.contains(m.get("streamId")))
                            .filter(m -> ((Number) m.get("framesDecoded")).longValue() > 0).count() >= 3);
            assertThat(stack.media().managed().restarts()).isEqualTo(1);
            trainee.screenshot("trainee-two-lecturers-and-screen");
        }
    }

    /**
     * As behind a firewall that drops the media: no ICE candidate reaches the page from Janus nor
     * Janus from the page. The page must say so on the tile, and a wait that times out must say
     * what the page knows (the CI once failed with "page says: [null]").
     */
    @Test
    void aTraineeWhoseMediaCannotConnectSeesItOnTheTileAndTheTimeoutSaysWhy() throws Exception {
        String classId = "e2e-no-media";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI_TIMEOUT);
            lecturer.element("#btn-camera").click();
            lecturer.await("camera published", MEDIA_TIMEOUT,
                    () -> "live".equals(lecturer.element("#camera-status").getAttribute("data-state")));

            trainee.beforeEveryDocument("""
                    RTCPeerConnection.prototype.addIceCandidate = function () { return Promise.resolve(); };
                    const send = WebSocket.prototype.send;
                    WebSocket.prototype.send = function (data) {
                      if (typeof data === 'string' && data.includes('"type":"media.trickle"')) return;
                      return send.call(this, data);
                    };
                    """);
            trainee.open(stack.link("trainee.html", classId, "t01", "王芳", Role.TRAINEE));
            trainee.await("consent dialog", UI_TIMEOUT, () -> trainee.element("#btn-consent-decline").isDisplayed());
            trainee.element("#btn-consent-decline").click();
            String tile = "#remote-videos .tile[data-user-id='l01'][data-kind='camera']";
            trainee.await("the lecturer's tile says it is connecting", MEDIA_TIMEOUT, () -> {
                var tiles = trainee.elements(tile);
                return !tiles.isEmpty() && List.of("connecting", "reconnecting").contains(tiles.get(0).getAttribute(
                        "data-media-state")) && !tiles.get(0).findElement(org.openqa.selenium.By.cssSelector(
                        ".tile-status")).getText().isBlank();
            });
            assertThat(trainee.element(tile + " .tile-status").getText()).isIn("正在连接…", "正在重新连接…");
            trainee.screenshot("trainee-media-connecting");

            AssertionError timeout = org.assertj.core.api.Assertions.catchThrowableOfType(AssertionError.class,
                    () -> trainee.await("t01 decodes the lecturer", Duration.ofSeconds(2),
                            () -> trainee.framesDecoded() > 0));
            assertThat(timeout).as("the wait times out").isNotNull();
            assertThat(timeout.getMessage())
                    .contains("waiting for: t01 decodes the lecturer")
                    .contains("page trainee t01").contains("ws open").contains("lesson live")
                    .contains("(l01 camera)").contains("ice ").contains("pair none")
                    .contains("timeline").contains("last signalling")
                    .contains("full snapshot: ")
                    .doesNotContain("[null]");
        }
    }

    private static long decodingStreams(HeadlessChromium page) {
        return page.inboundVideo().stream().filter(m -> ((Number) m.getOrDefault("framesDecoded", 0)).longValue() > 0)
                .count();
    }

    private long joinAndWaitForVideo(HeadlessChromium page, String classId, String userId, String name) {
        String link = stack.link("trainee.html", classId, userId, name, Role.TRAINEE);
        long start = System.nanoTime();
        page.open(link);
        page.await(userId + " decodes the lecturer's video", MEDIA_TIMEOUT, () -> page.framesDecoded() > 0);
        return (System.nanoTime() - start) / 1_000_000;
    }

}
