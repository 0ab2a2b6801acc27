package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.wlcy.classroom.participant.Role;

/**
 * Live interaction through the pages only (clicks and typing), with the real gateway, Janus and
 * headless Chromium: an in-class exercise whose deadline is the server's (an answer in time is
 * accepted, one sent when the countdown shows 0 is refused with 217, both pages show the result and
 * the class's correct rate, the lecturer's tally counts one answer); Q&A asked on one page, upvoted
 * on another and seen with its vote by the lecturer; a chat message seen by a trainee who joins
 * later; danmaku sent on one page flying over another.
 */
@Tag("media")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteractionEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(15);
    private static final Duration MEDIA = Duration.ofSeconds(30);
    /** The exercise's limit: the shortest the protocol allows is 10 s. */
    private static final int EXERCISE_SECONDS = 12;
    private MediaStack stack;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        stack = MediaStack.start();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anExerciseTakesAnAnswerInTimeRefusesALateOneAndShowsEveryoneTheResult() throws Exception {
        String classId = "e2e-exercise";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium a = HeadlessChromium.start(null);
             HeadlessChromium b = HeadlessChromium.start(null)) {
            startLesson(lecturer, classId);
            joinAsTrainee(a, classId, "t01", "王芳");
            joinAsTrainee(b, classId, "t02", "张伟");
            lecturer.await("both trainees present", UI,
                    () -> "2".equals(lecturer.element("#participant-count-trainees").getAttribute("data-count")));

            // The lecturer composes a single-choice exercise with a short limit.
            lecturer.element("#ex-prompt").sendKeys("开网店前必须办理的是？");
            lecturer.element("#ex-options").sendKeys("营业执照\n出国签证\n驾驶证");
            lecturer.await("the key can be chosen", UI, () -> lecturer.elements("#ex-correct input[value='0']").size() == 1);
            lecturer.element("#ex-correct input[value='0']").click();
            WebElement seconds = lecturer.element("#ex-seconds");
            seconds.clear();
            seconds.sendKeys(String.valueOf(EXERCISE_SECONDS));
            lecturer.await("start enabled", UI, () -> lecturer.element("#exercise-start").isEnabled());
            lecturer.element("#exercise-start").click();
            lecturer.await("the exercise runs", UI, () -> lecturer.element("#exercise-live").isDisplayed());

            // Both trainees get the pop-up; A answers in time.
            for (HeadlessChromium page : List.of(a, b)) {
                page.await("the exercise pops up", UI, () -> "open".equals(dialogState(page)));
                assertThat(page.element("#exercise-prompt").getText()).isEqualTo("开网店前必须办理的是？");
                assertThat(page.element("#exercise-dialog").getAttribute("data-exercise-id")).isNotBlank();
            }
            int left = Integer.parseInt(a.element("#exercise-countdown").getAttribute("data-seconds-left"));
            assertThat(left).as("the countdown starts near the limit").isBetween(EXERCISE_SECONDS - 3, EXERCISE_SECONDS);
            a.element("#exercise-options input[value='0']").click();
            a.element("#exercise-submit").click();
            a.await("A's answer is accepted", UI, () -> "answered".equals(dialogState(a)));
            a.screenshot("interaction-trainee-answered");
            lecturer.await("the tally counts A", UI,
                    () -> "1".equals(lecturer.element("#exercise-tally").getAttribute("data-answered")));
            assertThat(lecturer.elements("#exercise-answers li[data-user-id='t01']")).hasSize(1);
            shot(lecturer, "#exercise-card", "interaction-lecturer-tally");

            // B picks an answer but sends it only when the countdown shows 0: the server refuses it.
            b.element("#exercise-options input[value='1']").click();
            b.screenshot("interaction-trainee-countdown");
            b.await("B's countdown reaches 0", Duration.ofSeconds(EXERCISE_SECONDS + 10),
                    () -> "0".equals(b.element("#exercise-countdown").getAttribute("data-seconds-left")));
            b.await("submit still possible", UI, () -> b.element("#exercise-submit").isEnabled());
            b.element("#exercise-submit").click();
            b.await("the late answer is refused with 217", UI,
                    () -> "217".equals(b.element("#error-banner").getAttribute("data-code")));
            assertThat(b.element("#exercise-status").getAttribute("data-code")).isEqualTo("217");
            b.screenshot("interaction-trainee-late-217");

            // After the close both pages show their result and the correct rate.
            for (HeadlessChromium page : List.of(a, b)) {
                page.await("the exercise is closed with results", UI, () -> "closed".equals(dialogState(page))
                        && page.element("#exercise-result").isDisplayed()
                        && !page.elements("#exercise-result [data-field='correct-rate']").isEmpty()
                        && "received".equals(page.element("#exercise-result").getAttribute("data-result")));
                assertThat(page.element("#exercise-result [data-field='correct-rate']").getAttribute("data-rate"))
                        .as("one right answer out of one").isEqualTo("1");
            }
            assertThat(a.element("#exercise-result").getAttribute("data-correct")).isEqualTo("true");
            assertThat(b.element("#exercise-result").getAttribute("data-correct"))
                    .as("B's answer was refused: no result of B's own").isEqualTo("none");
            a.screenshot("interaction-trainee-result");
            b.screenshot("interaction-trainee-late-result");
            lecturer.await("the lecturer sees the close", UI, () -> lecturer.element("#exercise-results").isDisplayed());
            assertThat(lecturer.element("#exercise-tally").getAttribute("data-answered")).isEqualTo("1");
            shot(lecturer, "#exercise-results", "interaction-lecturer-results");
        }
    }

    @Test
    void aQuestionAskedOnOnePageAndUpvotedOnAnotherReachesTheLecturerWithItsVote() throws Exception {
        String classId = "e2e-qa";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium a = HeadlessChromium.start(null);
             HeadlessChromium b = HeadlessChromium.start(null)) {
            startLesson(lecturer, classId);
            joinAsTrainee(a, classId, "t01", "王芳");
            joinAsTrainee(b, classId, "t02", "张伟");

            a.element("#tab-qa").click();
            a.await("asking enabled", UI, () -> a.element("#qa-ask").isEnabled());
            a.element("#qa-input").sendKeys("创业担保贷款怎么申请？");
            a.element("#qa-ask").click();
            String item = "#qa-list li[data-question-id]";
            a.await("A sees the question", UI, () -> !a.elements(item).isEmpty());
            assertThat(a.element(item + " .qa-vote").isEnabled()).as("nobody votes for their own question").isFalse();

            b.element("#tab-qa").click();
            b.await("B sees the question", UI, () -> !b.elements(item).isEmpty());
            b.element(item + " .qa-vote").click();
            b.await("B's vote counts", UI, () -> "1".equals(b.element(item).getAttribute("data-votes"))
                    && "true".equals(b.element(item + " .qa-vote").getAttribute("aria-pressed")));
            shot(b, "#qa-list", "interaction-trainee-qa");

            lecturer.await("the lecturer sees the question with 1 vote", UI,
                    () -> !lecturer.elements("#qa-list li[data-question-id][data-votes='1'][data-state='open']").isEmpty());
            assertThat(lecturer.element(item + " .qa-text").getText()).isEqualTo("创业担保贷款怎么申请？");
            // The lecturer answers it in writing; the trainees see the answer.
            lecturer.element(item + " [data-field='answer']").sendKeys("向当地人社部门申请");
            lecturer.element(item + " [data-action='answered']").click();
            a.await("A sees the answer", UI, () -> "answered".equals(a.element(item).getAttribute("data-state"))
                    && a.element(item + " .qa-answer").getText().contains("向当地人社部门申请"));
            shot(lecturer, "#qa-card", "interaction-lecturer-qa");
            shot(a, "#qa-list", "interaction-trainee-qa-answered");
        }
    }

    @Test
    void aLateJoinerSeesEarlierChat_AndDanmakuFromOnePageShowsOnAnother_TheLecturersToo() throws Exception {
        String classId = "e2e-danmaku";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium a = HeadlessChromium.start(null);
             HeadlessChromium b = HeadlessChromium.start(null)) {
            startLesson(lecturer, classId);
            lecturer.element("#btn-camera").click();
            joinAsTrainee(a, classId, "t01", "王芳");
            a.await("chat enabled", UI, () -> a.element("#chat-input").isEnabled());
            a.element("#chat-input").sendKeys("大家好，我先到了");
            a.element("#chat-input").submit();
            a.await("A's chat message is posted", UI,
                    () -> a.element("#chat-messages").getText().contains("大家好，我先到了"));
            joinAsTrainee(b, classId, "t02", "张伟");
            b.await("B, who joined later, sees the earlier chat message", UI,
                    () -> b.element("#chat-messages").getText().contains("大家好，我先到了"));

            a.await("danmaku enabled", UI, () -> a.element("#danmaku-send").isEnabled() || a.element("#danmaku-input").isEnabled());
            a.element("#danmaku-input").sendKeys("讲得好！");
            a.element("#danmaku-send").click();
            String flying = "#danmaku-layer .danmaku[data-danmaku-id]";
            b.await("B sees A's danmaku fly over the video", UI, () -> b.elements(flying).stream()
                    .anyMatch(e -> "讲得好！".equals(e.getText()) && "t01".equals(e.getAttribute("data-user-id"))));
            b.screenshot("interaction-trainee-danmaku");
            lecturer.element("#danmaku-input").sendKeys("大家注意听");
            lecturer.element("#danmaku-send").click();
            a.await("A sees the lecturer's danmaku", UI, () -> a.elements(flying).stream()
                    .anyMatch(e -> "大家注意听".equals(e.getText()) && "l01".equals(e.getAttribute("data-user-id"))));
        }
    }

    @Test
    void aRaisedHandSpeaksToTheClassAndABreakoutGroupSharesNotesUntilTheRecall() throws Exception {
        String classId = "e2e-hands-groups";
        try (HeadlessChromium lecturer = HeadlessChromium.start(null);
             HeadlessChromium a = HeadlessChromium.start(null);
             HeadlessChromium b = HeadlessChromium.start(null)) {
            for (HeadlessChromium p : List.of(lecturer, a, b)) {
                p.driver().manage().timeouts().scriptTimeout(MEDIA);
            }
            startLesson(lecturer, classId);
            joinAsTrainee(a, classId, "t01", "王芳");
            joinAsTrainee(b, classId, "t02", "张伟");

            // A raises a hand; the lecturer invites; A accepts and B sees and decodes A's camera.
            a.element("#btn-hand").click();
            a.await("hand up", UI, () -> "true".equals(a.element("#btn-hand").getAttribute("aria-pressed"))
                    && "raised".equals(a.element("#speak-state").getAttribute("data-state")));
            String hand = "#hands-list li[data-user-id='t01'] [data-action='invite']";
            lecturer.await("the lecturer sees the hand", UI, () -> !lecturer.elements(hand).isEmpty());
            lecturer.element(hand).click();
            a.await("A is invited", UI, () -> "invited".equals(a.element("#speak-state").getAttribute("data-state")));
            a.element("#speak-accept").click();
            a.await("A speaks", UI, () -> "speaking".equals(a.element("#speak-state").getAttribute("data-state")));
            lecturer.await("the lecturer lists A as speaking", UI,
                    () -> !lecturer.elements("#speakers-list li[data-user-id='t01'][data-state='speaking']").isEmpty());
            b.await("B decodes A's camera", MEDIA, () -> b.inboundVideo().stream()
                    .anyMatch(m -> "camera".equals(m.get("kind")) && "t01".equals(m.get("userId"))
                            && ((Number) m.get("framesDecoded")).longValue() > 0));
            shot(a, "#speak-state", "interaction-trainee-speaking");
            shot(lecturer, "#hands-card", "interaction-lecturer-speakers");
            lecturer.element("#speakers-list li[data-user-id='t01'] [data-action='end']").click();
            a.await("A's turn ended", UI, () -> "idle".equals(a.element("#speak-state").getAttribute("data-state")));

            // A manual breakout: A in the first group, B in the second.
            new org.openqa.selenium.support.ui.Select(lecturer.element("#breakout-mode")).selectByValue("manual");
            lecturer.await("assignment rows", UI, () -> lecturer.elements("#breakout-assign select[data-user-id]").size() == 2);
            new org.openqa.selenium.support.ui.Select(lecturer.element("#breakout-assign select[data-user-id='t01']")).selectByValue("0");
            new org.openqa.selenium.support.ui.Select(lecturer.element("#breakout-assign select[data-user-id='t02']")).selectByValue("1");
            lecturer.element("#breakout-start").click();
            lecturer.await("two groups run", UI, () -> lecturer.elements("#breakout-groups [data-group-id]").size() == 2);
            for (HeadlessChromium p : List.of(a, b)) {
                p.await("the trainee sees the group", UI, () -> p.element("#my-group").isDisplayed()
                        && p.element("#my-group").getAttribute("data-group-id") != null);
            }
            assertThat(a.element("#my-group").getAttribute("data-group-id"))
                    .isNotEqualTo(b.element("#my-group").getAttribute("data-group-id"));
            a.element("#breakout-notes").sendKeys("目标客户：社区宝妈");
            a.element("#breakout-notes-save").click();
            String groupA = a.element("#my-group").getAttribute("data-group-id");
            lecturer.await("the lecturer sees A's group notes", UI, () -> lecturer
                    .element("#breakout-groups [data-group-id='" + groupA + "'] [data-field='notes']").getText()
                    .contains("目标客户：社区宝妈"));
            shot(a, "#my-group", "interaction-trainee-group");
            shot(lecturer, "#breakout-panel", "interaction-lecturer-breakout");

            lecturer.element("#btn-recall").click();
            for (HeadlessChromium p : List.of(a, b)) {
                p.await("back in the main room", UI, () -> !p.element("#my-group").isDisplayed()
                        && "back".equals(p.element("#breakout-notice").getAttribute("data-kind")));
            }
            lecturer.await("the last notes are kept", UI, () -> lecturer.element("#breakout-last").getText()
                    .contains("目标客户：社区宝妈"));
            shot(a, "#breakout-notice", "interaction-trainee-recalled");
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Scrolls {@code css} into view, then saves a screenshot. */
    private static void shot(HeadlessChromium page, String css, String name) {
        page.script("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", css);
        page.screenshot(name);
    }

    private static String dialogState(HeadlessChromium page) {
        WebElement d = page.element("#exercise-dialog");
        return d.isDisplayed() ? d.getAttribute("data-state") : "hidden";
    }

    private void startLesson(HeadlessChromium lecturer, String classId) {
        lecturer.open(stack.link("lecturer.html", classId, "l01", "李老师", Role.LECTURER));
        lecturer.startLesson(UI);
    }

    private void joinAsTrainee(HeadlessChromium page, String classId, String userId, String name) {
        page.open(stack.link("trainee.html", classId, userId, name, Role.TRAINEE));
        page.await("consent dialog", UI, () -> page.element("#btn-consent-decline").isDisplayed());
        page.element("#btn-consent-decline").click();
        page.await("joined the live lesson", UI, () -> "open".equals(page.element("#connection-state").getAttribute("data-state"))
                && "live".equals(page.element("#session-state").getAttribute("data-state"))
                && !page.element("#consent-dialog").isDisplayed());
    }
}
