package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * A trainee's network drops mid-lesson (the page's connection to the gateway is reset and new
 * ones refused for a while) and comes back: the page takes its presence back without reloading,
 * shows the chat message it missed, keeps decoding the lecturer's video on the same peer
 * connection, and the lecturer never saw it leave. The trace has the drop and the return.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeEndToEndTest {
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final Duration UI = Duration.ofSeconds(15);
    private MediaStack stack;
    private CuttableLink link;

    @BeforeAll
    void start() throws Exception {
        stack = MediaStack.start(UnaryOperator.identity(), List.of("--http.allowedOrigins=*"));
        link = new CuttableLink(stack.gateway().port());
    }

    @AfterAll
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTraineeWhoseNetworkDropsComesBackToTheSamePresenceWithoutReloading() throws Exception {
        String classId = "e2e-resume";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null)) {
            lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI);
            lecturer.element("#btn-camera").click();
            lecturer.await("camera published", MEDIA,
                    () -> "live".equals(lecturer.element("#camera-status").getAttribute("data-state")));

            String direct = ":" + stack.gateway().port() + "/";
            trainee.open(stack.link("trainee.html", classId, "t01", "王芳", Role.TRAINEE)
                    .replace(direct, ":" + link.port() + "/"));
            trainee.await("consent dialog", UI, () -> trainee.element("#btn-consent-decline").isDisplayed());
            trainee.element("#btn-consent-decline").click();
            trainee.await("the trainee decodes the lecturer", MEDIA, () -> trainee.framesDecoded() > 0);
            Object before = trainee.script("return window.classroom.state().you.participantId");
            List<Object> streamsBefore = trainee.inboundVideo().stream().map(m -> m.get("streamId")).toList();
            trainee.script("window.__sameDocument = true");

            link.cut();
            trainee.await("the page noticed the drop", UI,
                    () -> !"open".equals(trainee.element("#connection-state").getAttribute("data-state")));
            String tile = "#proctor-wall .proctor-tile[data-user-id='t01']";
            lecturer.await("the lecturer's wall shows the trainee reconnecting", UI,
                    () -> "true".equals(lecturer.element(tile).getAttribute("data-reconnecting")));
            lecturer.screenshot("resume-lecturer-wall-reconnecting");
            lecturer.await("chat enabled", UI, () -> lecturer.element("#chat-input").isEnabled());
            lecturer.element("#chat-input").sendKeys("断线的同学回来后也能看到这条");
            lecturer.element("#chat-input").submit();
            lecturer.await("the lecturer's message is posted", UI,
                    () -> lecturer.element("#chat-messages").getText().contains("断线的同学回来后也能看到这条"));
            trainee.screenshot("resume-trainee-offline");
            link.restore();

            trainee.await("the page is back on the same presence", UI, () -> Boolean.TRUE.equals(trainee.script(
                    "const s = window.classroom.state(); return s.connection === 'open' && s.resumes === 1")));
            assertThat(trainee.script("return window.classroom.state().you.participantId")).isEqualTo(before);
            assertThat(trainee.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
            trainee.await("the message sent while away is shown", UI,
                    () -> trainee.element("#chat-messages").getText().contains("断线的同学回来后也能看到这条"));
            long frames = trainee.framesDecoded();
            trainee.await("video keeps playing on the same subscription", MEDIA,
                    () -> trainee.framesDecoded() > frames + 15);
            assertThat(trainee.inboundVideo().stream().map(m -> m.get("streamId")).toList())
                    .isEqualTo(streamsBefore);
            assertThat(lecturer.elements("#participants [data-user-id='t01']")).hasSize(1);
            lecturer.await("the wall shows the trainee back", UI,
                    () -> "false".equals(lecturer.element(tile).getAttribute("data-reconnecting")));
            trainee.screenshot("resume-trainee-back");

            List<TraceEvent> t01 = stack.gateway().proctoring().store().read(new ClassroomId(classId), 0, 100_000)
                    .stream().filter(e -> e.userId().value().equals("t01")).toList();
            assertThat(t01).extracting(TraceEvent::kind)
                    .contains(TraceKind.PRESENCE_SUSPENDED, TraceKind.PRESENCE_RESUMED)
                    .doesNotContain(TraceKind.LEFT);
            assertThat(t01).filteredOn(e -> e.kind() == TraceKind.JOINED).hasSize(1);
            Map<String, Object> resumed = t01.stream().filter(e -> e.kind() == TraceKind.PRESENCE_RESUMED)
                    .findFirst().orElseThrow().data();
            E2eMetrics.record("trainee away (network cut to resumed presence): " + resumed.get("awayMs") + " ms");
        }
    }
}
