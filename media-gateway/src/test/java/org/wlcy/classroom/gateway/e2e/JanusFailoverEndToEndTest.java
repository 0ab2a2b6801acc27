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
import org.wlcy.classroom.media.MediaServerPool;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Two managed Janus instances: two lessons are placed one on each; the instance holding the first
 * lesson's room is killed; that lesson's media starts over on the other instance by itself (the
 * trainee decodes the lecturer again without touching the page), the second lesson is not
 * disturbed, and the first lesson's trace goes on.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JanusFailoverEndToEndTest {
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final Duration UI = Duration.ofSeconds(15);
    private MediaStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = MediaStack.start(UnaryOperator.identity(), List.of("--janus.managed.instances=2"));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static long decodingFrom(HeadlessChromium page, Object notStream) {
        return page.inboundVideo().stream().filter(m -> !m.get("streamId").equals(notStream))
                .mapToLong(m -> ((Number) m.get("framesDecoded")).longValue()).sum();
    }

    @Test
    void aLessonWhoseJanusDiesMovesToTheOtherInstanceAndTheOtherLessonCarriesOn() throws Exception {
        MediaServerPool pool = (MediaServerPool) stack.media().server();
        try (HeadlessChromium lecturerA = HeadlessChromium.start(null);
             HeadlessChromium trainee = HeadlessChromium.start(null);
             HeadlessChromium lecturerB = HeadlessChromium.start(null)) {
            lecturerA.open(stack.link("lecturer.html", "e2e-pool-a", "l01", "李老师", Role.LECTURER));
            lecturerA.startLesson(UI);
            lecturerA.element("#btn-camera").click();
            lecturerA.await("A's camera is live", MEDIA,
                    () -> "live".equals(lecturerA.element("#camera-status").getAttribute("data-state")));
            lecturerB.open(stack.link("lecturer.html", "e2e-pool-b", "l02", "张老师", Role.LECTURER));
            lecturerB.startLesson(UI);
            lecturerB.element("#btn-camera").click();
            lecturerB.await("B's camera is live", MEDIA,
                    () -> "live".equals(lecturerB.element("#camera-status").getAttribute("data-state")));
            Map<String, Integer> placed = pool.placements();
            assertThat(placed.values()).as("one lesson on each instance").containsExactlyInAnyOrder(0, 1);
            int instanceOfA = placed.entrySet().stream().filter(e -> e.getKey().startsWith("e2e-pool-a/"))
                    .findFirst().orElseThrow().getValue();

            trainee.open(stack.link("trainee.html", "e2e-pool-a", "t01", "王芳", Role.TRAINEE));
            trainee.await("consent dialog", UI, () -> trainee.element("#btn-consent-decline").isDisplayed());
            trainee.element("#btn-consent-decline").click();
            trainee.await("the trainee decodes lecturer A", MEDIA, () -> trainee.framesDecoded() > 0);
            Object before = trainee.inboundVideo().get(0).get("streamId");

            long pid = stack.media().managedInstances().get(instanceOfA).pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            trainee.await("the trainee decodes lecturer A again, from the other instance", Duration.ofSeconds(60),
                    () -> decodingFrom(trainee, before) > 0);
            assertThat(pool.placements()).containsKey(placed.keySet().stream()
                    .filter(k -> k.startsWith("e2e-pool-a/")).findFirst().orElseThrow());
            assertThat(pool.placements().entrySet()).as("every room now on the surviving instance")
                    .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(1 - instanceOfA));
            assertThat(lecturerB.element("#camera-status").getAttribute("data-state"))
                    .as("the other lesson was not disturbed").isEqualTo("live");
            assertThat(trainee.element("#session-state").getAttribute("data-state")).isEqualTo("live");
            trainee.screenshot("failover-trainee-after");
            var traceA = stack.gateway().proctoring().store().read(new ClassroomId("e2e-pool-a"), 0, 100_000);
            assertThat(traceA).as("the lesson and the trainee's presence carry on")
                    .noneMatch(e -> e.kind() == TraceKind.LEFT || e.kind() == TraceKind.SESSION_ENDED);
        }
    }
}
