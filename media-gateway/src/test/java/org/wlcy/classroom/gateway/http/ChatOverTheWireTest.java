package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.testing.MutableClock;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Chat, danmaku and likes through the whole server (Netty, router, lanes, the embedded trace
 * store) with a scripted WebSocket client: every message and every refusal — wrong role (304), no
 * lesson (202), muted (212), rate-limited (106), filter masking and refusing (213), danmaku off
 * (214). The server's clock is a {@link MutableClock}: rates and media times move only when the
 * test moves it. Likes are coalesced on a real timer; that test counts, it does not time.
 */
class ChatOverTheWireTest {
    private static final String SECRET = "chat-over-the-wire-test-secret-0123456789abcdef";
    private static final ClassroomId CLASS = new ClassroomId("c-chat");
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock();
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();

    private Gateway start(String... flags) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path words = dataDir.resolve("words.txt");
        Files.writeString(words, "# 本机构的词\n微信\nwechat\n", StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--interaction.sensitiveWordsFile=" + words));
        all.addAll(List.of(flags));
        gateway = Gateway.start(GatewayConfig.load(Map.of(), all), new FakeMediaServer(), clock);
        return gateway;
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        clients.clear();
        if (gateway != null) {
            gateway.close();
        }
    }

    private WsTestClient connect(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, Set.of(CLASS),
                "机构A", "110000", clock.instant()), Duration.ofHours(2));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        return c;
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = connect(user, role);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private static void refused(JsonNode reply, int code) {
        assertThat(reply.path("type").asText()).as("%s", reply).isEqualTo("error");
        assertThat(reply.path("code").asInt()).as("%s", reply).isEqualTo(code);
    }

    private List<TraceEvent> stored(TraceKind kind) {
        return gateway.proctoring().store().read(CLASS, 0, 100_000).stream().filter(e -> e.kind() == kind).toList();
    }

    private JsonNode awaitChat(WsTestClient c) {
        return c.awaitType("chat.message").path("message");
    }

    @Nested
    class Chat {
        @Test
        void toTheClassToTheLecturersAndIntoTheTrace() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient other = joined("t2", Role.TRAINEE);
            WsTestClient regulator = joined("r1", Role.REGULATOR);

            JsonNode ok = trainee.ok("chat.send", "text", "老师好！", "to", "class").path("message");
            assertThat(ok.path("text").asText()).isEqualTo("老师好！");
            assertThat(ok.path("from").path("userId").asText()).isEqualTo("t1");
            assertThat(ok.path("from").path("role").asText()).isEqualTo("trainee");
            assertThat(ok.path("to").asText()).isEqualTo("class");
            assertThat(ok.path("masked").asBoolean()).isFalse();
            for (WsTestClient c : List.of(lecturer, trainee, other, regulator)) {
                assertThat(awaitChat(c)).isEqualTo(ok);
            }

            JsonNode question = trainee.ok("chat.send", "text", "老师，我私下问一下", "to", "lecturers").path("message");
            JsonNode after = trainee.ok("chat.send", "text", "大家好", "to", "class").path("message");
            assertThat(awaitChat(lecturer)).isEqualTo(question);
            assertThat(awaitChat(trainee)).isEqualTo(question);
            assertThat(awaitChat(other)).as("the private question skips other trainees").isEqualTo(after);
            assertThat(awaitChat(regulator)).as("and regulators").isEqualTo(after);

            assertThat(stored(TraceKind.CHAT_MESSAGE)).extracting(e -> e.data().get("text"))
                    .containsExactly("老师好！", "老师，我私下问一下", "大家好");
            assertThat(stored(TraceKind.CHAT_MESSAGE).get(1).data()).containsEntry("to", "lecturers")
                    .containsEntry("messageId", question.path("messageId").asText());
        }

        @Test
        void regulatorsMayNotSendAndNothingBeforeJoining() throws Exception {
            start();
            WsTestClient regulator = joined("r1", Role.REGULATOR);
            WsTestClient stranger = connect("t9", Role.TRAINEE);

            refused(regulator.request("chat.send", "text", "hi", "to", "class"), 304);
            refused(stranger.request("chat.send", "text", "hi", "to", "class"), 104);
            refused(regulator.request("chat.send", "text", "x".repeat(501), "to", "class"), 103);
            refused(regulator.request("chat.send", "text", "hi", "to", "everyone"), 103);
            assertThat(regulator.isOpen()).isTrue();
        }

        @Test
        void lecturersDeleteAndMuteTraineesDoNot() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient other = joined("t2", Role.TRAINEE);
            String id = trainee.ok("chat.send", "text", "发错了", "to", "class").path("message").path("messageId").asText();

            refused(trainee.request("chat.delete", "messageId", id), 304);
            refused(trainee.request("chat.mute", "userId", "t2", "muted", true), 304);
            assertThat(lecturer.ok("chat.delete", "messageId", id).path("messageId").asText()).isEqualTo(id);
            for (WsTestClient c : List.of(lecturer, trainee, other)) {
                JsonNode deleted = c.awaitType("chat.deleted");
                assertThat(deleted.path("messageId").asText()).isEqualTo(id);
                assertThat(deleted.path("by").asText()).isEqualTo("l1");
            }
            refused(lecturer.request("chat.delete", "messageId", id), 103);
        }

        @Test
        void aMutedTraineeGets212ForChatAndDanmakuUntilUnmuted() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            lecturer.ok("session.start");
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient other = joined("t2", Role.TRAINEE);

            JsonNode ok = lecturer.ok("chat.mute", "userId", "t1", "muted", true);
            assertThat(ok.path("userId").asText()).isEqualTo("t1");
            JsonNode told = trainee.awaitType("chat.muted");
            assertThat(told.path("userId").asText()).isEqualTo("t1");
            assertThat(told.path("muted").asBoolean()).isTrue();
            assertThat(told.path("by").asText()).isEqualTo("l1");
            refused(trainee.request("chat.send", "text", "为什么", "to", "lecturers"), 212);
            refused(trainee.request("danmaku.send", "text", "为什么"), 212);
            trainee.ok("like.send", "count", 1);
            other.ok("chat.send", "text", "我可以", "to", "class");

            lecturer.ok("chat.mute", "muted", true);
            JsonNode everyone = other.awaitType("chat.muted");
            assertThat(everyone.has("userId")).isFalse();
            refused(other.request("chat.send", "text", "全员禁言了", "to", "class"), 212);
            lecturer.ok("chat.send", "text", "我来说", "to", "class");
            WsTestClient late = joined("t3", Role.TRAINEE);
            assertThat(late.awaitType("chat.muted").has("userId")).as("a late comer is told at once").isFalse();

            lecturer.ok("chat.mute", "muted", false);
            other.ok("chat.send", "text", "解除了", "to", "class");
            refused(trainee.request("chat.send", "text", "我还被禁言", "to", "class"), 212);
            lecturer.ok("chat.mute", "userId", "t1", "muted", false);
            trainee.ok("chat.send", "text", "谢谢老师", "to", "class");
        }

        @Test
        void mutingSomeoneWhoIsNotInTheClassIsRefusedWith103() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);

            JsonNode unknown = lecturer.request("chat.mute", "userId", "t99", "muted", true);
            refused(unknown, 103);
            assertThat(unknown.path("message").asText()).contains("userId", "t99");
            refused(lecturer.request("chat.mute", "userId", "t99", "muted", false), 103);

            lecturer.ok("chat.mute", "userId", "t1", "muted", true);
            trainee.awaitType("chat.muted");
            trainee.close();
            lecturer.awaitType("participant.left");
            lecturer.ok("chat.mute", "userId", "t1", "muted", false);
            assertThat(lecturer.drain()).as("nobody was told of a mute of t99")
                    .noneMatch(m -> m.path("userId").asText().equals("t99"));
        }

        @Test
        void theSixthMessageInARowIsRateLimitedUntilTheClockMoves() throws Exception {
            start();
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            for (int i = 0; i < 5; i++) {
                trainee.ok("chat.send", "text", "消息" + i, "to", "class");
            }

            JsonNode limited = trainee.request("chat.send", "text", "第六条", "to", "class");
            refused(limited, 106);
            assertThat(limited.path("error").asText()).isEqualTo("RATE_LIMITED");
            assertThat(limited.path("message").asText()).contains("retry after 3.0 s");
            clock.advance(Duration.ofSeconds(3));
            trainee.ok("chat.send", "text", "第六条", "to", "class");
            assertThat(stored(TraceKind.CHAT_MESSAGE)).hasSize(6);
        }
    }

    @Nested
    class Filter {
        @Test
        void maskModeMasksTheConfiguredAndTheBuiltInWords() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);

            JsonNode m = trainee.ok("chat.send", "text", "我的微 信，你是傻 逼", "to", "class").path("message");
            assertThat(m.path("text").asText()).isEqualTo("我的＊＊＊，你是＊＊＊");
            assertThat(m.path("masked").asBoolean()).isTrue();
            assertThat(awaitChat(lecturer)).isEqualTo(m);
            assertThat(stored(TraceKind.CHAT_MESSAGE).get(0).data()).containsEntry("text", "我的＊＊＊，你是＊＊＊")
                    .containsEntry("masked", true);
        }

        @Test
        void latinWordsBesideOtherLatinWordsAreMaskedForTheWholeClass() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient other = joined("t2", Role.TRAINEE);

            JsonNode m = trainee.ok("chat.send", "text", "my wechat, you sb", "to", "class").path("message");
            assertThat(m.path("text").asText()).isEqualTo("my ＊＊＊＊＊＊, you ＊＊");
            assertThat(m.path("masked").asBoolean()).isTrue();
            for (WsTestClient c : List.of(lecturer, trainee, other)) {
                assertThat(awaitChat(c)).isEqualTo(m);
            }
            JsonNode glued = trainee.ok("chat.send", "text", "mywechat asbestos", "to", "class").path("message");
            assertThat(glued.path("masked").asBoolean()).as("not inside longer Latin words").isFalse();
            assertThat(stored(TraceKind.CHAT_MESSAGE)).extracting(e -> e.data().get("text"))
                    .containsExactly("my ＊＊＊＊＊＊, you ＊＊", "mywechat asbestos");
        }

        @Test
        void refuseModeRefusesWith213NamingTheRule() throws Exception {
            start("--interaction.filterMode=refuse");
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            lecturer.ok("session.start");
            WsTestClient trainee = joined("t1", Role.TRAINEE);

            JsonNode refusal = trainee.request("chat.send", "text", "我的 微信", "to", "class");
            refused(refusal, 213);
            assertThat(refusal.path("error").asText()).isEqualTo("CONTENT_REFUSED");
            assertThat(refusal.path("message").asText()).contains("rule: custom").doesNotContain("微信");
            refused(trainee.request("danmaku.send", "text", "刷单 返利"), 213);
            JsonNode fine = trainee.ok("chat.send", "text", "没问题", "to", "class").path("message");
            assertThat(awaitChat(lecturer)).as("the refused text never reached anyone").isEqualTo(fine);
            assertThat(stored(TraceKind.CHAT_MESSAGE)).hasSize(1);
            assertThat(stored(TraceKind.DANMAKU)).isEmpty();
        }
    }

    @Nested
    class Danmaku {
        @Test
        void shownToEveryoneDuringALessonAtItsMediaTime() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient regulator = joined("r1", Role.REGULATOR);
            refused(trainee.request("danmaku.send", "text", "来了"), 202);

            String lesson = lecturer.ok("session.start").path("session").path("sessionId").asText();
            clock.advance(Duration.ofMillis(5_250));
            JsonNode d = trainee.ok("danmaku.send", "text", "讲得好！", "color", "#FF8800").path("danmaku");

            assertThat(d.path("mediaTimeMs").asLong()).isEqualTo(5_250);
            assertThat(d.path("color").asText()).isEqualTo("#ff8800");
            assertThat(d.path("displayName").asText()).isEqualTo("name-t1");
            for (WsTestClient c : List.of(lecturer, trainee, regulator)) {
                assertThat(c.awaitType("danmaku.shown").path("danmaku")).isEqualTo(d);
            }
            refused(regulator.request("danmaku.send", "text", "我也想"), 304);
            refused(trainee.request("danmaku.send", "text", "一\n二"), 103);
            TraceEvent e = stored(TraceKind.DANMAKU).get(0);
            assertThat(e.sessionId()).isEqualTo(lesson);
            assertThat(e.data()).containsEntry("text", "讲得好！").containsEntry("mediaTimeMs", 5_250L);
        }

        @Test
        void lecturersSwitchItOff() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            lecturer.ok("session.start");
            WsTestClient trainee = joined("t1", Role.TRAINEE);

            refused(trainee.request("danmaku.toggle", "enabled", false), 304);
            assertThat(lecturer.ok("danmaku.toggle", "enabled", false).path("enabled").asBoolean()).isFalse();
            for (WsTestClient c : List.of(lecturer, trainee)) {
                JsonNode off = c.awaitType("danmaku.toggled");
                assertThat(off.path("enabled").asBoolean()).isFalse();
                assertThat(off.path("by").asText()).isEqualTo("l1");
            }
            JsonNode refusal = trainee.request("danmaku.send", "text", "还能发吗");
            refused(refusal, 214);
            assertThat(refusal.path("error").asText()).isEqualTo("DANMAKU_OFF");
            WsTestClient late = joined("t2", Role.TRAINEE);
            assertThat(late.awaitType("danmaku.toggled").path("enabled").asBoolean()).isFalse();

            lecturer.ok("danmaku.toggle", "enabled", true);
            trainee.ok("danmaku.send", "text", "又可以了");
        }

        @Test
        void sixInARowIsRateLimited() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            lecturer.ok("session.start");
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            for (int i = 0; i < 5; i++) {
                trainee.ok("danmaku.send", "text", "666");
            }
            JsonNode limited = trainee.request("danmaku.send", "text", "666");
            refused(limited, 106);
            assertThat(limited.path("message").asText()).contains("retry after 2.0 s");
            for (int i = 0; i < 10; i++) {
                lecturer.ok("danmaku.send", "text", "老师不限速");
            }
        }

        @Test
        void aLessonsDanmakuAreListedForTheReplayEvenAfterARestart() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            String lesson = lecturer.ok("session.start").path("session").path("sessionId").asText();
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            clock.advance(Duration.ofSeconds(20));
            JsonNode a = trainee.ok("danmaku.send", "text", "第一条").path("danmaku");
            clock.advance(Duration.ofSeconds(10));
            JsonNode b = lecturer.ok("danmaku.send", "text", "第二条").path("danmaku");

            JsonNode live = trainee.ok("danmaku.list");
            assertThat(live.path("sessionId").asText()).isEqualTo(lesson);
            assertThat(live.path("items")).containsExactly(a, b);

            stop();
            start(); // same data folder
            WsTestClient regulator = joined("r1", Role.REGULATOR);
            refused(regulator.request("danmaku.list"), 202);
            JsonNode replay = regulator.ok("danmaku.list", "sessionId", lesson);
            assertThat(replay.path("items")).containsExactly(a, b);
            assertThat(Stream.of(a, b).map(n -> n.path("mediaTimeMs").asLong())).containsExactly(20_000L, 30_000L);
        }
    }

    @Nested
    class Likes {
        @Test
        void refusedWithoutALessonAndForRegulators() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            WsTestClient trainee = joined("t1", Role.TRAINEE);
            WsTestClient regulator = joined("r1", Role.REGULATOR);

            refused(trainee.request("like.send", "count", 1), 202);
            lecturer.ok("session.start");
            refused(regulator.request("like.send", "count", 1), 304);
            refused(trainee.request("like.send", "count", 11), 103);
        }

        /**
         * 5 trainees send 20 like.send each as fast as they can: every page gets one likes.updated
         * per 500 ms window at most (counted against the elapsed time, not timed), the last with the
         * full total.
         */
        @Test
        void manyLikesWithinAWindowBecomeOneUpdatePerWindowPerRecipient() throws Exception {
            start();
            WsTestClient lecturer = joined("l1", Role.LECTURER);
            lecturer.ok("session.start");
            List<WsTestClient> trainees = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                trainees.add(joined("t" + i, Role.TRAINEE));
            }
            WsTestClient regulator = joined("r1", Role.REGULATOR);

            long started = System.nanoTime();
            List<String> sent = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (WsTestClient t : trainees) {
                    sent.add(t.send("like.send", "count", 2));
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                String rid = sent.get(i);
                WsTestClient t = trainees.get(i % trainees.size());
                assertThat(t.await("like.send.ok", m -> rid.equals(m.path("requestId").asText())).path("type").asText())
                        .isEqualTo("like.send.ok");
            }
            List<WsTestClient> everyone = new ArrayList<>(trainees);
            everyone.add(lecturer);
            everyone.add(regulator);
            for (WsTestClient c : everyone) {
                List<JsonNode> updates = c.awaitAllOfType("likes.updated", m -> m.path("total").asLong() == 200);
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(updates.size()).as("%d updates in %d ms", updates.size(), elapsedMs)
                        .isLessThanOrEqualTo(1 + (int) (elapsedMs / 500))
                        .isLessThan(sent.size());
                assertThat(updates).extracting(u -> u.path("total").asLong()).isSorted();
                assertThat(updates.get(updates.size() - 1).path("lastSecond").asLong())
                        .as("the test's clock stands still: all 200 fall in its last second").isEqualTo(200);
            }
            assertThat(stored(TraceKind.CHAT_MESSAGE)).isEmpty();
        }
    }
}
