package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoId;
import org.wlcy.classroom.playback.catalog.VideoKind;
import org.wlcy.classroom.playback.catalog.VideoState;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The watch API over real HTTP (java.net.http) against the whole server with a fake media server
 * and a clock the test moves: progress rules, roles, coded errors, questions, comments, the
 * timeline, and a danmaku reaching a second viewer's Server-Sent Events stream.
 */
class WatchOverTheWireTest {
    private static final String SECRET = "watch-over-the-wire-test-secret-0123456789";
    private static final ClassroomId CLASS = new ClassroomId("c-watch");
    private static final VideoId VIDEO = new VideoId("v-lesson1");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        boot();
        Video v = Video.create(VIDEO, CLASS, VideoKind.ON_DEMAND, "开网店第一课", "l1", VideoState.PROCESSING,
                clock.instant(), null, null).ready(60_000, List.of("main"), clock.instant());
        gateway.playback().catalog().add(v);
    }

    private void boot(String... extraFlags) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> flags = new java.util.ArrayList<>(List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET));
        flags.addAll(List.of(extraFlags));
        gateway = Gateway.start(GatewayConfig.load(Map.of(), flags), new FakeMediaServer(), clock);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role, ClassroomId... classes) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(classes), "机构A", "110000",
                Instant.EPOCH), Duration.ofMinutes(10));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = send(method, path, token, body == null ? null : JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    private JsonNode error(int status, int code, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = send(method, path, token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.path("type").asText()).isEqualTo("error");
        assertThat(e.path("code").asInt()).as(r.body()).isEqualTo(code);
        return e;
    }

    private JsonNode beat(String token, long seq, double position, String event) throws Exception {
        return ok("POST", "/api/videos/v-lesson1/watch", token, Map.of("seq", seq, "position", position, "rate", 1,
                "playing", !event.equals("pause"), "visible", true, "event", event));
    }

    private List<TraceEvent> trace() {
        return gateway.proctoring().store().read(CLASS, 0, 100_000);
    }

    private void awaitTrace(String what, java.util.function.Predicate<List<TraceEvent>> condition) {
        Await.until(what, Duration.ofSeconds(5), this::trace, condition);
    }

    @Test
    void heartbeatsAreCreditedSeekingAheadIsRefusedAndProgressIsKept() throws Exception {
        String t1 = token("t1", Role.TRAINEE, CLASS);
        beat(t1, 1, 0, "play");
        clock.advance(Duration.ofSeconds(5));
        JsonNode r = beat(t1, 2, 5, "tick");
        assertThat(r.path("credited").asDouble()).isEqualTo(5.0);
        assertThat(r.path("coverage").asDouble()).isCloseTo(5.0 / 60, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.path("allowedMaxPosition").asDouble()).isEqualTo(5.0);
        assertThat(r.path("completed").asBoolean()).isFalse();
        assertThat(r.has("refused")).isFalse();

        clock.advance(Duration.ofSeconds(1));
        JsonNode seek = ok("POST", "/api/videos/v-lesson1/watch", t1, Map.of("seq", 3, "position", 40, "from", 6,
                "rate", 1, "playing", true, "visible", true, "event", "seek"));
        assertThat(seek.path("refused").asText()).isEqualTo("seek-ahead");
        assertThat(seek.path("code").asInt()).isEqualTo(242);
        assertThat(seek.path("allowedMaxPosition").asDouble()).isEqualTo(6.0);

        clock.advance(Duration.ofSeconds(5));
        JsonNode hidden = ok("POST", "/api/videos/v-lesson1/watch", t1, Map.of("seq", 4, "position", 11, "rate", 1,
                "playing", true, "visible", false, "event", "tick"));
        assertThat(hidden.path("noCredit").asText()).isEqualTo("hidden");

        JsonNode own = ok("GET", "/api/videos/v-lesson1/progress", t1, null);
        assertThat(own.path("creditedS").asDouble()).isEqualTo(6.0);
        assertThat(own.path("rules").path("maxRatePercent").asInt()).isEqualTo(150);
        assertThat(own.path("rules").path("allowSeekAhead").asBoolean()).isFalse();
        assertThat(own.path("spans").get(0).get(1).asDouble()).isEqualTo(6.0);

        String lecturer = token("l1", Role.LECTURER, CLASS);
        JsonNode all = ok("GET", "/api/videos/v-lesson1/progress?all=1", lecturer, null);
        assertThat(all.path("trainees")).hasSize(1);
        assertThat(all.path("trainees").get(0).path("userId").asText()).isEqualTo("t1");
        assertThat(all.path("trainees").get(0).path("creditedS").asDouble()).isEqualTo(6.0);
        error(403, 304, "GET", "/api/videos/v-lesson1/progress?all=1", t1, null);

        awaitTrace("credited, refused and no-credit decisions are on the record", events -> events.stream()
                .filter(e -> e.kind() == TraceKind.PLAYBACK_PROGRESS).map(e -> e.data().get("decision")).toList()
                .containsAll(List.of("credited", "seek-refused", "no-credit")));
        TraceEvent credited = trace().stream().filter(e -> "credited".equals(e.data().get("decision"))).findFirst()
                .orElseThrow();
        assertThat(credited.userId().value()).isEqualTo("t1");
        assertThat(credited.data()).containsEntry("videoId", "v-lesson1").containsEntry("fromMs", 0L)
                .containsEntry("toMs", 5000L).containsEntry("counts", true);
        assertThat(Files.list(gateway.playback().catalog().folder(VIDEO).resolve("watch")).count())
                .as("progress is kept in the video's folder").isEqualTo(1);
    }

    @Test
    void progressAndQuestionsSurviveARestart() throws Exception {
        String lecturer = token("l1", Role.LECTURER, CLASS);
        String qid = ok("POST", "/api/videos/v-lesson1/questions", lecturer, Map.of("atS", 30, "prompt", "第一题",
                "options", List.of("对", "错"), "correct", List.of(0), "limitSeconds", 10)).path("id").asText();
        String t1 = token("t1", Role.TRAINEE, CLASS);
        beat(t1, 1, 0, "play");
        clock.advance(Duration.ofSeconds(5));
        beat(t1, 2, 5, "tick");
        clock.advance(Duration.ofSeconds(5));
        beat(t1, 3, 10, "tick");

        gateway.close();
        boot();
        String again = token("t1", Role.TRAINEE, CLASS);
        JsonNode own = ok("GET", "/api/videos/v-lesson1/progress", again, null);
        assertThat(own.path("creditedS").asDouble()).isEqualTo(10.0);
        assertThat(own.path("allowedMaxPosition").asDouble()).isEqualTo(10.0);
        assertThat(ok("GET", "/api/videos/v-lesson1/questions", again, null).path("questions").get(0).path("id").asText())
                .isEqualTo(qid);
        clock.advance(Duration.ofSeconds(5));
        JsonNode r = beat(again, 4, 15, "tick");
        assertThat(r.path("credited").asDouble()).as("the restored last heartbeat continues the span").isEqualTo(5.0);
        JsonNode seek = ok("POST", "/api/videos/v-lesson1/watch", again, Map.of("seq", 5, "position", 50, "from", 15,
                "rate", 1, "playing", true, "visible", true, "event", "seek"));
        assertThat(seek.path("refused").asText()).isEqualTo("seek-ahead");
    }

    @Test
    void aReplayIsTrackedButNotCountedWhenTheRulesSaySo() throws Exception {
        gateway.close();
        boot("--playback.replayCountsAsLearning=false", "--playback.allowSeekAhead=true");
        VideoId replay = new VideoId("v-replay2");
        gateway.playback().catalog().add(Video.create(replay, CLASS, VideoKind.REPLAY, "回放", "l1",
                VideoState.PROCESSING, clock.instant(), "s-1", clock.instant()).ready(30_000, List.of("camera"),
                clock.instant()));
        String t1 = token("t1", Role.TRAINEE, CLASS);
        ok("POST", "/api/videos/v-replay2/watch", t1, Map.of("seq", 1, "position", 0, "rate", 1, "playing", true,
                "visible", true, "event", "play"));
        clock.advance(Duration.ofSeconds(5));
        JsonNode r = ok("POST", "/api/videos/v-replay2/watch", t1, Map.of("seq", 2, "position", 5, "rate", 1,
                "playing", true, "visible", true, "event", "tick"));
        assertThat(r.path("credited").asDouble()).as("tracked").isEqualTo(5.0);
        assertThat(r.path("counts").asBoolean()).as("but not counting").isFalse();
        assertThat(r.path("allowedMaxPosition").isNull()).as("seeking ahead is allowed").isTrue();
        JsonNode seek = ok("POST", "/api/videos/v-replay2/watch", t1, Map.of("seq", 3, "position", 25, "from", 5,
                "rate", 1, "playing", true, "visible", true, "event", "seek"));
        assertThat(seek.has("refused")).isFalse();
        assertThat(ok("GET", "/api/videos/v-replay2/progress", t1, null).path("rules").path("counts").asBoolean())
                .isFalse();
        awaitTrace("the credit is recorded as not counting", events -> events.stream().anyMatch(e ->
                e.kind() == TraceKind.PLAYBACK_PROGRESS && "credited".equals(e.data().get("decision"))
                        && Boolean.FALSE.equals(e.data().get("counts")) && "replay".equals(e.data().get("videoKind"))));
    }

    @Test
    void rolesClassesAndBadInputGetCodedErrors() throws Exception {
        String t1 = token("t1", Role.TRAINEE, CLASS);
        String stranger = token("t9", Role.TRAINEE, new ClassroomId("c-other"));
        String regulator = token("r1", Role.REGULATOR, CLASS);
        String question = JSON.writeValueAsString(Map.of("atS", 4, "prompt", "开网店需要？", "options",
                List.of("营业执照", "出国签证"), "correct", List.of(0), "limitSeconds", 20));
        error(403, 304, "POST", "/api/videos/v-lesson1/questions", t1, question);
        error(403, 303, "GET", "/api/videos/v-lesson1/questions", stranger, null);
        error(403, 303, "POST", "/api/videos/v-lesson1/watch", stranger,
                "{\"seq\":1,\"position\":0,\"rate\":1,\"playing\":true,\"visible\":true,\"event\":\"tick\"}");
        error(403, 304, "POST", "/api/videos/v-lesson1/danmaku", regulator, "{\"atS\":1,\"text\":\"hi\"}");
        error(401, 300, "GET", "/api/videos/v-lesson1/questions", "not-a-token", null);
        error(400, 100, "POST", "/api/videos/v-lesson1/watch", t1, "{not json");
        error(400, 100, "POST", "/api/videos/v-lesson1/watch", t1, "[1,2]");
        JsonNode missing = error(400, 103, "POST", "/api/videos/v-lesson1/watch", t1,
                "{\"seq\":1,\"position\":0,\"rate\":1,\"visible\":true}");
        assertThat(missing.path("message").asText()).contains("playing");
        error(400, 103, "POST", "/api/videos/v-lesson1/watch", t1,
                "{\"seq\":1,\"position\":-3,\"rate\":1,\"playing\":true,\"visible\":true}");
        error(400, 103, "POST", "/api/videos/v-lesson1/watch", t1,
                "{\"seq\":1,\"position\":3,\"rate\":1,\"playing\":true,\"visible\":true,\"event\":\"jump\"}");
        error(400, 103, "POST", "/api/videos/v-lesson1/danmaku", t1, "{\"atS\":1}");
        error(400, 103, "POST", "/api/videos/v-lesson1/danmaku", t1, "{\"atS\":1,\"text\":\"hi\",\"color\":\"red\"}");
        error(400, 103, "POST", "/api/videos/v-lesson1/comments", t1, "{\"text\":\"\"}");
        error(404, 244, "GET", "/api/videos/v-nothing/questions", t1, null);
        error(400, 103, "GET", "/api/videos/bad..id/questions", t1, null);
        error(404, 245, "GET", "/api/videos/v-lesson1/timeline", t1, null);
        error(404, 247, "POST", "/api/videos/v-lesson1/comments", t1, "{\"text\":\"回复\",\"replyTo\":\"c-none\"}");

        String lecturer = token("l1", Role.LECTURER, CLASS);
        error(400, 103, "POST", "/api/videos/v-lesson1/questions", lecturer,
                "{\"atS\":4,\"prompt\":\"?\",\"options\":[\"a\"],\"correct\":[0],\"limitSeconds\":20}");
        error(400, 103, "POST", "/api/videos/v-lesson1/questions", lecturer,
                "{\"atS\":400,\"prompt\":\"?\",\"options\":[\"a\",\"b\"],\"correct\":[0],\"limitSeconds\":20}");
        JsonNode q = ok("POST", "/api/videos/v-lesson1/questions", lecturer, JSON.readTree(question));
        String qid = q.path("id").asText();
        assertThat(q.path("correct").get(0).asInt()).isZero();
        JsonNode seen = ok("GET", "/api/videos/v-lesson1/questions", t1, null).path("questions");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).has("correct")).as("trainees never see the key").isFalse();
        assertThat(ok("GET", "/api/videos/v-lesson1/questions", lecturer, null).path("questions").get(0).has("correct"))
                .isTrue();
        error(409, 246, "POST", "/api/videos/v-lesson1/questions/" + qid + "/answer", t1, "{\"choices\":[0]}");
        error(404, 243, "POST", "/api/videos/v-lesson1/questions/q-none/answer", t1, "{\"choices\":[0]}");
        error(400, 103, "POST", "/api/videos/v-lesson1/questions/" + qid + "/answer", t1, "{\"choices\":\"0\"}");
        error(403, 304, "DELETE", "/api/videos/v-lesson1/questions/" + qid, t1, null);
        assertThat(Files.exists(gateway.playback().catalog().folder(VIDEO).resolve("questions.json"))).isTrue();
        ok("DELETE", "/api/videos/v-lesson1/questions/" + qid, lecturer, null);
        error(404, 243, "DELETE", "/api/videos/v-lesson1/questions/" + qid, lecturer, null);
    }

    @Test
    void aQuestionReachedPausesAndAnAnswerInTimeContinuesWhileALateOneIsRefusedAndRewinds() throws Exception {
        String lecturer = token("l1", Role.LECTURER, CLASS);
        String t1 = token("t1", Role.TRAINEE, CLASS);
        String q1 = ok("POST", "/api/videos/v-lesson1/questions", lecturer, Map.of("atS", 4, "prompt", "开网店需要？",
                "options", List.of("营业执照", "出国签证"), "correct", List.of(0), "limitSeconds", 10)).path("id").asText();
        String q2 = ok("POST", "/api/videos/v-lesson1/questions", lecturer, Map.of("atS", 8, "prompt", "第二题",
                "options", List.of("对", "错"), "correct", List.of(1), "limitSeconds", 10)).path("id").asText();
        beat(t1, 1, 0, "play");
        clock.advance(Duration.ofSeconds(5));
        JsonNode due = beat(t1, 2, 4.1, "tick");
        assertThat(due.path("question").path("id").asText()).isEqualTo(q1);
        assertThat(due.path("question").path("secondsLeft").asDouble()).isEqualTo(10.0);
        assertThat(due.path("question").has("correct")).isFalse();
        JsonNode right = ok("POST", "/api/videos/v-lesson1/questions/" + q1 + "/answer", t1, Map.of("choices", List.of(0)));
        assertThat(right.path("right").asBoolean()).isTrue();
        assertThat(right.path("rewindTo").isNull()).isTrue();
        error(409, 219, "POST", "/api/videos/v-lesson1/questions/" + q1 + "/answer", t1, "{\"choices\":[0]}");

        beat(t1, 3, 4.1, "play");
        clock.advance(Duration.ofSeconds(4));
        assertThat(beat(t1, 4, 8.1, "tick").path("question").path("id").asText()).isEqualTo(q2);
        clock.advance(Duration.ofSeconds(11));
        JsonNode late = error(409, 217, "POST", "/api/videos/v-lesson1/questions/" + q2 + "/answer", t1,
                "{\"choices\":[1]}");
        assertThat(late.path("rewindTo").asDouble()).as("back to the previous question").isEqualTo(4.0);
        assertThat(late.path("allowedMaxPosition").asDouble()).isEqualTo(4.0);
        awaitTrace("the late answer is recorded", events -> events.stream().anyMatch(e ->
                e.kind() == TraceKind.VIDEO_QUESTION && "question-late".equals(e.data().get("decision"))
                        && e.data().get("lateMs").equals(1000L)));
    }

    @Test
    void commentsThreadAreFilteredAndLecturersDeleteThem() throws Exception {
        String t1 = token("t1", Role.TRAINEE, CLASS);
        String lecturer = token("l1", Role.LECTURER, CLASS);
        JsonNode c1 = ok("POST", "/api/videos/v-lesson1/comments", t1, Map.of("text", "这节课很有用，加我微信聊"));
        assertThat(c1.path("text").asText()).as("masked by the filter").doesNotContain("微信").startsWith("这节课很有用");
        assertThat(c1.path("masked").asBoolean()).isTrue();
        ok("POST", "/api/videos/v-lesson1/comments", lecturer, Map.of("text", "谢谢", "replyTo", c1.path("id").asText()));
        JsonNode threads = ok("GET", "/api/videos/v-lesson1/comments", t1, null).path("threads");
        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).path("replies").get(0).path("text").asText()).isEqualTo("谢谢");
        error(403, 304, "DELETE", "/api/videos/v-lesson1/comments/" + c1.path("id").asText(), t1, null);
        ok("DELETE", "/api/videos/v-lesson1/comments/" + c1.path("id").asText(), lecturer, null);
        assertThat(ok("GET", "/api/videos/v-lesson1/comments", t1, null).path("threads")).isEmpty();
        for (int i = 0; i < 4; i++) {
            ok("POST", "/api/videos/v-lesson1/comments", t1, Map.of("text", "第" + i + "条"));
        }
        JsonNode limited = error(429, 106, "POST", "/api/videos/v-lesson1/comments", t1, "{\"text\":\"太多了\"}");
        assertThat(limited.path("message").asText()).contains("retry after");
        awaitTrace("comments are on the record", events -> events.stream()
                .filter(e -> e.kind() == TraceKind.VIDEO_COMMENT).count() == 7);
    }

    @Test
    void aReplaysTimelineIsServedAndItsLiveDanmakuListed() throws Exception {
        VideoId replay = new VideoId("v-replay1");
        gateway.playback().catalog().add(Video.create(replay, CLASS, VideoKind.REPLAY, "第一次课回放", "l1",
                VideoState.PROCESSING, clock.instant(), "s-1", clock.instant()).ready(30_000, List.of("camera"),
                clock.instant()));
        Files.writeString(gateway.playback().catalog().folder(replay).resolve("timeline.json"), """
                {"items":[{"atMs":1500,"kind":"chat","by":"t1","text":"老师好"},
                          {"atMs":3000,"kind":"danmaku","by":"t2","name":"张伟","text":"讲得好","color":"#ff0000"}]}
                """);
        String t1 = token("t1", Role.TRAINEE, CLASS);
        JsonNode timeline = ok("GET", "/api/videos/v-replay1/timeline", t1, null);
        assertThat(timeline.path("items")).hasSize(2);
        ok("POST", "/api/videos/v-replay1/danmaku", t1, Map.of("atS", 1.0, "text", "回放也能发"));
        JsonNode list = ok("GET", "/api/videos/v-replay1/danmaku", t1, null).path("danmaku");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("text").asText()).isEqualTo("回放也能发");
        assertThat(list.get(1).path("text").asText()).isEqualTo("讲得好");
        assertThat(list.get(1).path("atMs").asLong()).isEqualTo(3000);
        assertThat(list.get(1).path("source").asText()).isEqualTo("live");
    }

    @Test
    void aDanmakuReachesASecondViewersLiveStream() throws Exception {
        String t1 = token("t1", Role.TRAINEE, CLASS);
        String t2 = token("t2", Role.TRAINEE, CLASS);
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/videos/v-lesson1/live"))
                .header("Authorization", "Bearer " + t2).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the test closed the stream
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(nextEvent(lines)).isEqualTo("hello");
            assertThat(lines.poll(5, TimeUnit.SECONDS)).contains("\"userId\":\"t2\"");
            ok("POST", "/api/videos/v-lesson1/danmaku", t1, Map.of("atS", 12.5, "text", "讲得好！", "color", "#FF8800"));
            assertThat(nextEvent(lines)).isEqualTo("danmaku");
            JsonNode d = JSON.readTree(lines.poll(5, TimeUnit.SECONDS).substring("data: ".length()));
            assertThat(d.path("text").asText()).isEqualTo("讲得好！");
            assertThat(d.path("atMs").asLong()).isEqualTo(12_500);
            assertThat(d.path("color").asText()).isEqualTo("#ff8800");
            assertThat(d.path("userId").asText()).isEqualTo("t1");
        } finally {
            stream.body().close();
        }
        error(400, 103, "POST", "/api/videos/v-lesson1/live", t1, "{}");
    }

    private static String nextEvent(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("event: ")) {
                return line.substring("event: ".length());
            }
        }
        throw new AssertionError("no event within 5 s");
    }
}
