package org.wlcy.classroom.gateway.playback;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.playback.watch.AnswerResult;
import org.wlcy.classroom.playback.watch.Heartbeat;
import org.wlcy.classroom.playback.watch.HeartbeatResult;
import org.wlcy.classroom.playback.watch.VideoQuestion;
import org.wlcy.classroom.playback.watch.WatchDecision;
import org.wlcy.classroom.playback.watch.WatchProgress;
import org.wlcy.classroom.playback.watch.WatchRules;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.WireValues;

/**
 * Coverage-guided fuzzing (Jazzer) of the watch page's REST bodies ({@link WatchBodies}) and of the
 * watch rules they feed ({@link WatchProgress}), as {@code POST /api/videos/{id}/watch|questions|
 * danmaku|comments|.../answer} would. Invariants, after every body:
 * <ul>
 *   <li>a refused body is a {@link ClassroomException} with 100 or 103, never another exception;</li>
 *   <li>an accepted body holds only values in range (finite media times within a day, rates within
 *       the cap, a whole-number {@code seq} up to 2^53, well-formed text within its limits);</li>
 *   <li>no exception escapes the watch rules, and what they decide (written to the class's trace as
 *       {@code playback.*} data) holds finite, non-negative, JavaScript-safe numbers and
 *       well-formed text.</li>
 * </ul>
 *
 * <p>Input: the first byte chooses the rules (bit 0: seeking ahead allowed; bit 1: rewind on a
 * wrong answer); the rest is up to {@link #MAX_BODIES} lines, each a letter and a JSON body:
 * {@code h} heartbeat, {@code q} question, {@code a} answer to the first question, {@code d}
 * danmaku, {@code c} comment. Each heartbeat moves the clock 5 s on. Seeds under
 * {@code PlaybackBodiesFuzzTestInputs/bodies/}, the hostile values of issue F included.
 *
 * <p>Fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl media-gateway -am test -Dtest=PlaybackBodiesFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m}.
 */
class PlaybackBodiesFuzzTest {
    static final int MAX_BODIES = 16;
    private static final double DURATION_S = 600;
    private static final Set<ErrorCode> BODY_CODES = EnumSet.of(ErrorCode.MALFORMED, ErrorCode.INVALID_FIELD);
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final Path SEEDS = Path.of("src/test/resources/org/wlcy/classroom/gateway/playback/"
            + "PlaybackBodiesFuzzTestInputs/bodies");

    @FuzzTest(maxDuration = "5m")
    void bodies(byte[] input) {
        check(input);
    }

    /** Every seed, under every choice of rules. */
    @Test
    void everySeedHoldsTheInvariantsUnderEveryRule() throws IOException {
        List<Path> seeds;
        try (Stream<Path> s = Files.list(SEEDS)) {
            seeds = s.sorted().toList();
        }
        assertThat(seeds).isNotEmpty();
        for (Path seed : seeds) {
            byte[] bytes = Files.readAllBytes(seed);
            for (int cfg = 0; cfg < 4; cfg++) {
                bytes[0] = (byte) cfg;
                check(bytes.clone());
            }
        }
    }

    static void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int cfg = input[0] & 0xff;
        WatchProgress progress = new WatchProgress(new WatchRules(150, (cfg & 1) != 0, 90, 5, (cfg & 2) != 0));
        Instant now = Instant.parse("2026-11-29T08:00:00Z");
        List<VideoQuestion> questions = new ArrayList<>();
        int n = 0;
        for (String line : lines(input)) {
            if (line.isEmpty()) {
                continue;
            }
            char kind = line.charAt(0);
            try {
                JsonNode body = WatchBodies.parse(CODEC.mapper(), line.substring(1));
                switch (kind) {
                    case 'h' -> {
                        Heartbeat hb = WatchBodies.heartbeat(body);
                        assertHeartbeatInRange(hb, line);
                        now = now.plus(Duration.ofSeconds(5));
                        HeartbeatResult r = progress.heartbeat(hb, now, DURATION_S, List.copyOf(questions));
                        assertThat(Double.isFinite(r.creditedS()) && r.creditedS() >= 0).as("credited %s", line)
                                .isTrue();
                        assertThat(r.coverage()).as("coverage after %s", line).isBetween(0.0, 1.0);
                        assertThat(r.allowedMaxPosition() == null || Double.isFinite(r.allowedMaxPosition())).isTrue();
                        r.decisions().forEach(d -> assertDecisionInRange(d, line));
                    }
                    case 'q' -> {
                        WatchBodies.NewQuestion q = WatchBodies.question(body);
                        assertThat(q.atS()).isBetween(0.0, WatchBodies.MAX_MEDIA_SECONDS);
                        assertThat(q.limitSeconds()).isBetween(5, 600);
                        assertText(q.prompt(), VideoQuestion.MAX_PROMPT, line);
                        q.options().forEach(o -> assertText(o, VideoQuestion.MAX_OPTION, line));
                        try {
                            questions.add(new VideoQuestion("q-" + (++n), q.atS(), q.prompt(), q.options(),
                                    q.correct(), q.limitSeconds()));
                        } catch (IllegalArgumentException e) {
                            // WatchService answers this with 103 too
                        }
                    }
                    case 'a' -> {
                        List<Integer> choices = WatchBodies.choices(body);
                        assertThat(choices).allSatisfy(i -> assertThat(i).isBetween(0, 15));
                        if (!questions.isEmpty()) {
                            answer(progress, questions, choices, now, line);
                        }
                    }
                    case 'd' -> {
                        WatchBodies.NewDanmaku d = WatchBodies.danmaku(body);
                        assertThat(d.atMs()).isBetween(0L, (long) WatchBodies.MAX_MEDIA_SECONDS * 1000);
                        assertText(d.text(), WatchBodies.MAX_DANMAKU, line);
                        assertThat(d.color()).matches("#[0-9a-f]{6}");
                    }
                    case 'c' -> {
                        WatchBodies.NewComment c = WatchBodies.comment(body);
                        assertText(c.text(), WatchBodies.MAX_COMMENT, line);
                    }
                    default -> {
                        // not a body this test knows: skipped
                    }
                }
            } catch (ClassroomException e) {
                assertThat(BODY_CODES).as("code of the refusal of %s: %s", line, e.getMessage()).contains(e.code());
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    private static void answer(WatchProgress progress, List<VideoQuestion> questions, List<Integer> choices,
                               Instant now, String line) {
        try {
            AnswerResult r = progress.answer(questions.get(0), choices, now, List.copyOf(questions));
            r.decisions().forEach(d -> assertDecisionInRange(d, line));
        } catch (ClassroomException e) {
            assertThat(e.code()).as("answer refused with %s", e.getMessage()).isIn(ErrorCode.VIDEO_QUESTION_NOT_DUE,
                    ErrorCode.ALREADY_ANSWERED, ErrorCode.INVALID_FIELD, ErrorCode.EXERCISE_CLOSED);
        }
    }

    private static void assertHeartbeatInRange(Heartbeat hb, String line) {
        assertThat(hb.seq()).as("seq of %s", line).isBetween(0L, WireValues.MAX_SAFE_INTEGER);
        assertThat(hb.position()).as("position of %s", line).isBetween(0.0, WatchBodies.MAX_MEDIA_SECONDS);
        assertThat(hb.from() == null || hb.from() >= 0 && hb.from() <= WatchBodies.MAX_MEDIA_SECONDS)
                .as("from of %s", line).isTrue();
        assertThat(hb.rate()).as("rate of %s", line).isBetween(0.0625, 16.0);
    }

    private static void assertText(String s, int maxChars, String line) {
        assertThat(WireValues.wellFormed(s)).as("text of %s", line).isTrue();
        assertThat(s.codePointCount(0, s.length())).as("length of %s", line).isBetween(1, maxChars);
    }

    /** What the rules decide is traced as data: finite, non-negative, JavaScript-safe numbers; well-formed text. */
    private static void assertDecisionInRange(WatchDecision d, String line) {
        for (Map.Entry<String, Object> e : d.data().entrySet()) {
            Object v = e.getValue();
            String what = d.what() + "." + e.getKey() + " after " + line;
            if (v instanceof String s) {
                assertThat(WireValues.wellFormed(s)).as(what).isTrue();
            } else if (v instanceof Number num) {
                double x = num.doubleValue();
                assertThat(Double.isFinite(x)).as(what).isTrue();
                assertThat(x).as(what).isBetween(0.0, (double) WireValues.MAX_SAFE_INTEGER);
            }
        }
    }

    private static List<String> lines(byte[] input) {
        List<String> out = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= input.length && out.size() < MAX_BODIES; i++) {
            if (i == input.length || input[i] == '\n') {
                out.add(new String(input, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }
}
