package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Proctoring in real pages: a trainee consents, publishes the proctoring camera, signs in and
 * switches tabs; the lecturer's proctoring wall shows the camera and the switch; the trace holds it.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProctoringEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(15);
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private MediaStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = MediaStack.start(java.util.function.UnaryOperator.identity(),
                java.util.List.of("--proctor.faceCheckMinSeconds=1", "--proctor.faceCheckMaxSeconds=2"));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theWallShowsNoFaceOnlyForTheTraineeWithoutOne() throws Exception {
        String classId = "e2e-faces";
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("faces");
        java.nio.file.Path y4m = FakeCameraVideo.y4m(FakeCameraVideo.astronautPicture(dir), dir.resolve("astronaut.y4m"),
                640, 480, 45);
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium withFace = HeadlessChromium.start(y4m);
             HeadlessChromium withoutFace = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI);
            for (var t : java.util.List.of(java.util.Map.entry(withFace, "t01"), java.util.Map.entry(withoutFace, "t02"))) {
                HeadlessChromium page = t.getKey();
                page.open(stack.link("trainee.html", classId, t.getValue(), "学员" + t.getValue(), Role.TRAINEE));
                page.await("consent dialog", UI, () -> page.element("#btn-consent-accept").isDisplayed());
                page.element("#btn-consent-accept").click();
            }
            String face = "#proctor-wall .proctor-tile[data-user-id='t01']";
            String noFace = "#proctor-wall .proctor-tile[data-user-id='t02']";
            lecturer.await("the server checked both cameras", MEDIA, () -> !lecturer.elements(face).isEmpty()
                    && !lecturer.elements(noFace).isEmpty()
                    && !"none".equals(lecturer.element(face).getAttribute("data-face-check"))
                    && !"none".equals(lecturer.element(noFace).getAttribute("data-face-check")));
            lecturer.await("astronaut: face; fake pattern: no face", MEDIA,
                    () -> "face".equals(lecturer.element(face).getAttribute("data-face-check"))
                            && "no-face".equals(lecturer.element(noFace).getAttribute("data-face-check")));
            lecturer.screenshot("lecturer-wall-face-checks");

            withFace.await("face sign-in enabled", UI, () -> withFace.element("#btn-signin-face").isEnabled());
            withFace.element("#btn-signin-face").click();
            withFace.await("signed in by face", MEDIA,
                    () -> "signed".equals(withFace.element("#signin-state").getAttribute("data-state")));
            withoutFace.await("face sign-in enabled", UI, () -> withoutFace.element("#btn-signin-face").isEnabled());
            withoutFace.element("#btn-signin-face").click();
            withoutFace.await("face sign-in refused with 207", MEDIA,
                    () -> "207".equals(withoutFace.element("#error-banner").getAttribute("data-code")));
            assertThat(withoutFace.element("#signin-state").getAttribute("data-state")).isEqualTo("not-signed");
            lecturer.await("the wall shows the face sign-in", UI,
                    () -> "true".equals(lecturer.element(face).getAttribute("data-signed-in")));
            assertThat(stack.gateway().proctoring().store().read(new ClassroomId(classId), 0, 10_000))
                    .filteredOn(e -> e.kind() == TraceKind.FACE_CHECK)
                    .allSatisfy(e -> assertThat(e.data()).containsKey("frameSha256").containsKey("result"));
        }
    }

    @Test
    void aTabSwitchShowsOnTheLecturersWallAndInTheTrace() throws Exception {
        String classId = "e2e-proctor";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI);

            trainee.open(stack.link("trainee.html", classId, "t01", "王芳", Role.TRAINEE));
            trainee.await("consent dialog", UI, () -> trainee.element("#btn-consent-accept").isDisplayed());
            trainee.element("#btn-consent-accept").click();
            trainee.await("sign-in enabled", UI, () -> trainee.element("#btn-signin").isEnabled());
            trainee.element("#btn-signin").click();
            trainee.await("signed in", UI,
                    () -> "signed".equals(trainee.element("#signin-state").getAttribute("data-state")));

            String tile = "#proctor-wall .proctor-tile[data-user-id='t01']";
            lecturer.await("the wall shows the trainee, consent and sign-in", UI, () -> !lecturer.elements(tile).isEmpty()
                    && "granted".equals(lecturer.element(tile).getAttribute("data-consent"))
                    && "true".equals(lecturer.element(tile).getAttribute("data-signed-in")));
            lecturer.await("the lecturer decodes the trainee's proctoring camera", MEDIA, () -> lecturer.inboundVideo()
                    .stream().anyMatch(m -> "proctor".equals(m.get("kind"))
                            && ((Number) m.get("framesDecoded")).longValue() > 0));

            trainee.script("Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
                    + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
                    + "document.dispatchEvent(new Event('visibilitychange'));");
            lecturer.await("the wall shows the switch", UI,
                    () -> "1".equals(lecturer.element(tile).getAttribute("data-tab-switches"))
                            && "true".equals(lecturer.element(tile).getAttribute("data-hidden")));
            trainee.await("the trainee is warned", UI, () -> trainee.element("#proctor-warning").isDisplayed());
            // in the page's own words, once (the server's Chinese sentence is not repeated under it)
            String warning = trainee.element("#proctor-warning").getText();
            assertThat(warning).contains("离开课堂页面的时间不计入学习时长").doesNotContain("请勿切屏：");
            lecturer.screenshot("lecturer-proctoring-wall");
            trainee.screenshot("trainee-tab-switch-warning");

            ClassroomId cid = new ClassroomId(classId);
            var store = stack.gateway().proctoring().store();
            assertThat(store.read(cid, 0, 10_000)).extracting(e -> e.kind())
                    .contains(TraceKind.CONSENT, TraceKind.SIGN_IN, TraceKind.VISIBILITY_HIDDEN,
                            TraceKind.TAB_SWITCH_WARNING);

            lecturer.element("#btn-end").click();
            lecturer.await("end dialog", UI, () -> lecturer.element("#btn-end-confirm").isDisplayed());
            lecturer.element("#btn-end-confirm").click();
            trainee.await("lesson ended", UI,
                    () -> "ended".equals(trainee.element("#session-state").getAttribute("data-state")));
            regulatorSeesTheClassAndItsBundleVerifies(classId);
        }
    }

    /** The regulator desk lists the class's figures; the bundle it hands out verifies offline. */
    private void regulatorSeesTheClassAndItsBundleVerifies(String classId) throws Exception {
        try (HeadlessChromium regulator = HeadlessChromium.start(null)) {
            String link = stack.link("regulator.html", classId, "r01", "督导员", Role.REGULATOR);
            regulator.open(link);
            String row = "#overview-table tbody tr[data-classroom-id='" + classId + "']";
            regulator.await("the overview lists the class", UI, () -> !regulator.elements(row).isEmpty());
            regulator.await("the class's figures: 1 trainee, 1 tab switch", UI,
                    () -> "1".equals(regulator.element(row + " [data-field=trainees]").getAttribute("data-value"))
                            && "1".equals(regulator.element(row + " [data-field=tabSwitches]")
                            .getAttribute("data-value")));
            assertThat(regulator.elements("#attendance-chart rect[data-key]")).isNotEmpty();
            regulator.screenshot("regulator-overview");
            regulator.element(row).click();
            regulator.await("the class's trainees", UI,
                    () -> !regulator.elements("#trainees-table tr[data-user-id='t01']").isEmpty());
            regulator.screenshot("regulator-class");

            String token = java.net.URLDecoder.decode(link.substring(link.indexOf("&token=") + 7),
                    java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Path zip = java.nio.file.Files.createTempFile("bundle", ".zip");
            var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stack.baseUrl() + "/api/regulator/classes/" + classId + "/bundle.zip"))
                    .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(zip));
            assertThat(res.statusCode()).isEqualTo(200);
            var result = new org.wlcy.classroom.proctoring.integrity.BundleVerifier(
                    stack.gateway().proctoring().signer().publicKey()).verify(zip);
            assertThat(result.ok()).as("the exported bundle verifies: %s", result).isTrue();
            assertThat(store().read(new ClassroomId(classId), 0, 10_000))
                    .as("the regulator's reads are on the record")
                    .anyMatch(e -> e.kind() == TraceKind.REGULATOR_READ && e.userId().value().equals("r01"));
        }
    }

    private org.wlcy.classroom.proctoring.store.TraceStore store() {
        return stack.gateway().proctoring().store();
    }
}
