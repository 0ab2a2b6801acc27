package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.participant.Role;

/**
 * Breakout groups with every real part: the gateway, a managed Janus and five headless Chromium
 * pages (a lecturer, four trainees) with fake cameras and microphones. The pages' protocol is
 * driven through {@code window.classroom} and {@code media.js} (the breakout UI comes later).
 * Each trainee decodes its group peer and never the other group; the visiting lecturer is seen in
 * the group; a moved trainee decodes the new group and no longer the old; after the recall every
 * trainee decodes the lecturer's main camera again with audio flowing (BigBlueButton's two worst
 * breakout bugs: people in the wrong room, and no audio after returning).
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakoutEndToEndTest {
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final Duration UI = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASS = "e2e-breakout";
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

    /** One receiving peer connection of a page, from {@code getStats()}. */
    private record Inbound(String streamId, String kind, String userId, String groupId, long frames, long audioBytes) {
    }

    @Test
    void groupsSeeOnlyThemselvesTheVisitorIsSeenAMovedTraineeChangesRoomsAndAllReturnWithAudio() throws Exception {
        List<HeadlessChromium> pages = new ArrayList<>();
        try {
            HeadlessChromium lecturer = HeadlessChromium.start(null);
            pages.add(lecturer);
            Map<String, HeadlessChromium> trainees = new LinkedHashMap<>();
            for (String t : List.of("t01", "t02", "t03", "t04")) {
                HeadlessChromium page = HeadlessChromium.start(null);
                pages.add(page);
                trainees.put(t, page);
            }
            for (HeadlessChromium p : pages) {
                p.driver().manage().timeouts().scriptTimeout(MEDIA);
            }

            lecturer.open(stack.link("lecturer.html", CLASS, "l01", "李老师", Role.LECTURER));
            lecturer.startLesson(UI);
            lecturer.element("#btn-camera").click();
            lecturer.await("camera published", MEDIA,
                    () -> "live".equals(lecturer.element("#camera-status").getAttribute("data-state")));

            for (var t : trainees.entrySet()) {
                HeadlessChromium page = t.getValue();
                page.open(stack.link("trainee.html", CLASS, t.getKey(), "学员" + t.getKey(), Role.TRAINEE));
                page.await(t.getKey() + " joined", UI, () -> Boolean.TRUE.equals(page.script(
                        "return !!(window.classroom && window.classroom.state().you)")));
                // The page wants its camera; the server refuses it (224) until the trainee is in a group.
                assertThat(page.asyncScript("""
                        const done = arguments[arguments.length - 1];
                        navigator.mediaDevices.getUserMedia({audio: true,
                            video: {width: {ideal: 320}, height: {ideal: 240}, frameRate: {ideal: 15}}})
                          .then(s => { window.classroom.media.startLocal('camera', s); done('ok'); },
                                e => done('getUserMedia failed: ' + e));
                        """)).isEqualTo("ok");
            }
            for (var t : trainees.entrySet()) {
                t.getValue().await(t.getKey() + " decodes the lecturer", MEDIA,
                        () -> decodes(t.getValue(), "l01", null));
            }

            // ---- split: t01 + t02 in the first group, t03 + t04 in the second
            long splitAt = System.nanoTime();
            JsonNode breakout = request(lecturer, "breakout.start", Map.of("groups", 2, "mode", "manual",
                    "assignment", Map.of("t01", 0, "t02", 0, "t03", 1, "t04", 1), "minutes", 10)).path("breakout");
            String g0 = breakout.path("groups").path(0).path("groupId").asText();
            String g1 = breakout.path("groups").path(1).path("groupId").asText();
            Map<String, String> peer = Map.of("t01", "t02", "t02", "t01", "t03", "t04", "t04", "t03");
            for (var t : trainees.entrySet()) {
                String groupId = List.of("t01", "t02").contains(t.getKey()) ? g0 : g1;
                t.getValue().await(t.getKey() + " decodes its group peer " + peer.get(t.getKey()), MEDIA,
                        () -> decodes(t.getValue(), peer.get(t.getKey()), groupId));
            }
            long splitMs = (System.nanoTime() - splitAt) / 1_000_000;
            for (var t : trainees.entrySet()) {
                List<String> others = List.of("t01", "t02").contains(t.getKey()) ? List.of("t03", "t04")
                        : List.of("t01", "t02");
                assertThat(inbound(t.getValue())).as(t.getKey() + " receives nothing of the other group nor the "
                        + "main room").extracting(Inbound::userId).doesNotContainAnyElementsOf(others)
                        .doesNotContain("l01");
                assertThat(knownStreamUsers(t.getValue())).as(t.getKey() + " was never told of the other group")
                        .doesNotContainAnyElementsOf(others);
                // The camera the test handed the page and the one the page took itself for the group
                // are one publication: the first (refused with 224 before the split), then one into
                // the group whose tracks the page swapped. Publishing again while the first was on its
                // way got 206 and a retry timer (1 s, 2 s, 4 s...): the split took 20 s under load.
                JsonNode diag = t.getValue().diagnostics().json().path("media");
                assertThat(diag.path("sent").path("media.publish camera").asInt())
                        .as(t.getKey() + " published its camera once into the group; " + diag.path("errors"))
                        .isEqualTo(2);
                assertThat(diag.path("errors").findValuesAsText("code")).as(t.getKey() + " media errors")
                        .doesNotContain("206");
            }
            trainees.get("t01").screenshot("breakout-t01-in-group");

            // ---- the lecturer visits the first group and is seen there
            request(lecturer, "breakout.visit", Map.of("groupId", g0));
            // The lecturer page, camera on, publishes its camera into the visited group by itself.
            for (String t : List.of("t01", "t02")) {
                trainees.get(t).await(t + " decodes the visiting lecturer", MEDIA,
                        () -> decodes(trainees.get(t), "l01", g0));
            }
            lecturer.await("the visitor decodes the group", MEDIA,
                    () -> decodes(lecturer, "t01", g0) && decodes(lecturer, "t02", g0));
            assertThat(inbound(trainees.get("t03"))).extracting(Inbound::userId).doesNotContain("l01");

            // ---- t02 moves to the second group: decodes t03 and t04, no longer t01
            request(lecturer, "breakout.move", Map.of("userId", "t02", "groupId", g1));
            HeadlessChromium t2 = trainees.get("t02");
            t2.await("the moved trainee decodes the new group", MEDIA,
                    () -> decodes(t2, "t03", g1) && decodes(t2, "t04", g1));
            trainees.get("t03").await("the new group decodes the moved trainee's camera", MEDIA,
                    () -> decodes(trainees.get("t03"), "t02", g1));
            t2.await("the moved trainee no longer receives the old group", MEDIA,
                    () -> inbound(t2).stream().noneMatch(i -> "t01".equals(i.userId()) || g0.equals(i.groupId())));
            trainees.get("t01").await("the old group no longer receives the moved trainee", MEDIA,
                    () -> inbound(trainees.get("t01")).stream().noneMatch(i -> "t02".equals(i.userId())));

            // ---- recall: everyone decodes the lecturer's main camera again, and hears it
            long recallAt = System.nanoTime();
            request(lecturer, "breakout.recall", Map.of());
            Map<String, Long> backMs = new LinkedHashMap<>();
            for (var t : trainees.entrySet()) {
                t.getValue().await(t.getKey() + " decodes the lecturer's main camera again", MEDIA,
                        () -> decodes(t.getValue(), "l01", null));
                backMs.put(t.getKey(), (System.nanoTime() - recallAt) / 1_000_000);
            }
            for (var t : trainees.entrySet()) {
                HeadlessChromium page = t.getValue();
                long first = mainAudio(page);
                page.await(t.getKey() + " hears the lecturer after the recall (audio bytes grow past " + first + ")",
                        MEDIA, () -> mainAudio(page) > first);
                long second = mainAudio(page);
                page.await(t.getKey() + ": the lecturer's audio keeps flowing", MEDIA, () -> mainAudio(page) > second);
                page.await(t.getKey() + " receives no group stream any more", MEDIA,
                        () -> inbound(page).stream().allMatch(i -> i.groupId() == null && "l01".equals(i.userId())));
            }
            long audioMs = (System.nanoTime() - recallAt) / 1_000_000;
            trainees.get("t02").screenshot("breakout-t02-after-recall");
            E2eMetrics.record("breakout: split -> all 4 trainees decode their group peer: " + splitMs + " ms; recall -> "
                    + "every trainee decodes the lecturer's main camera: " + backMs + " ms (cumulative, slowest last "
                    + "checked); audio flowing on all 4: " + audioMs + " ms");
        } finally {
            for (HeadlessChromium p : pages) {
                p.close();
            }
        }
    }

    // ------------------------------------------------------------------ page helpers

    /** A request through the page's own protocol client; fails on an error reply. */
    private static JsonNode request(HeadlessChromium page, String type, Map<String, Object> fields) throws IOException {
        Object reply = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                window.classroom.client.request(arguments[0], JSON.parse(arguments[1]))
                  .then(r => done(JSON.stringify(r)),
                        e => done(JSON.stringify({failed: true, code: e.code, error: e.error, message: e.message})));
                """, type, JSON.writeValueAsString(fields));
        JsonNode node = JSON.readTree(String.valueOf(reply));
        assertThat(node.path("failed").asBoolean()).as(type + " answered " + node).isFalse();
        return node;
    }

    @SuppressWarnings("unchecked")
    private static List<Inbound> inbound(HeadlessChromium page) {
        Object result = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const out = [];
                  for (const p of window.classroom.peerConnections()) {
                    if (p.direction !== 'recv') continue;
                    const stats = await p.pc.getStats();
                    let frames = 0, audio = 0;
                    stats.forEach(r => {
                      if (r.type === 'inbound-rtp' && r.kind === 'video') frames += (r.framesDecoded || 0);
                      if (r.type === 'inbound-rtp' && r.kind === 'audio') audio += (r.bytesReceived || 0);
                    });
                    out.push({streamId: p.streamId, kind: p.kind, userId: p.userId, groupId: p.groupId,
                              frames, audio});
                  }
                  done(out);
                })().catch(e => done([{error: String(e)}]));
                """);
        List<Inbound> out = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) result) {
            if (m.containsKey("error")) {
                throw new AssertionError("getStats failed: " + m.get("error"));
            }
            out.add(new Inbound((String) m.get("streamId"), (String) m.get("kind"), (String) m.get("userId"),
                    (String) m.get("groupId"), ((Number) m.get("frames")).longValue(),
                    ((Number) m.get("audio")).longValue()));
        }
        return out;
    }

    /** The page decodes video of {@code userId}'s camera in room {@code groupId} (null = main). */
    private static boolean decodes(HeadlessChromium page, String userId, String groupId) {
        return inbound(page).stream().anyMatch(i -> userId.equals(i.userId()) && Objects.equals(groupId, i.groupId())
                && "camera".equals(i.kind()) && i.frames() > 0);
    }

    /** Audio bytes received from the lecturer's main-room camera. */
    private static long mainAudio(HeadlessChromium page) {
        return inbound(page).stream().filter(i -> "l01".equals(i.userId()) && i.groupId() == null)
                .mapToLong(Inbound::audioBytes).sum();
    }

    @SuppressWarnings("unchecked")
    private static List<String> knownStreamUsers(HeadlessChromium page) {
        return (List<String>) page.script("return window.classroom.state().streams.map(s => s.userId)");
    }

}
