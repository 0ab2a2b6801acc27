package org.wlcy.classroom.playback.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

class TimelineTest {
    private static final ClassroomId CLASS = new ClassroomId("demo-class");
    private static final Instant ORIGIN = Instant.parse("2026-11-29T08:02:00.250Z");
    private final AtomicInteger n = new AtomicInteger();

    private TraceEvent event(String session, String user, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, CLASS, session, new UserId(user), kind, at, "srv/" + n.incrementAndGet(), null, data);
    }

    private Instant at(long ms) {
        return ORIGIN.plusMillis(ms);
    }

    private List<TraceEvent> lesson() {
        return List.of(
                event("cs-1", "l01", TraceKind.JOINED, ORIGIN.minusSeconds(60), Map.of("name", "李老师", "role", "lecturer")),
                event("cs-1", "t01", TraceKind.JOINED, ORIGIN.minusSeconds(50), Map.of("name", "王芳", "role", "trainee")),
                event("cs-1", "t01", TraceKind.CHAT_MESSAGE, at(-500), Map.of("messageId", "m-0", "name", "王芳",
                        "to", "class", "text", "录制前")),
                event("cs-1", "t01", TraceKind.DANMAKU, at(4_000), Map.of("danmakuId", "dm-1", "name", "王芳",
                        "text", "讲得好！", "color", "#ff8800")),
                event("cs-1", "t01", TraceKind.CHAT_MESSAGE, at(1_500), Map.of("messageId", "m-1", "name", "王芳",
                        "to", "class", "text", "老师好")),
                event("cs-1", "t01", TraceKind.CHAT_MESSAGE, at(2_000), Map.of("messageId", "m-2", "name", "王芳",
                        "to", "lecturers", "text", "我想请假")),
                event("cs-1", "t01", TraceKind.QUESTION, at(3_000), Map.of("questionId", "q-1", "text", "ROI 怎么算？")),
                event("cs-1", "l01", TraceKind.EXERCISE_STARTED, at(5_000), Map.of("exerciseId", "ex-1",
                        "kind", "single", "prompt", "哪个是成本？", "optionCount", 2L, "option0", "房租", "option1", "收入",
                        "correct", "0", "seconds", 30L)),
                event("cs-1", "l01", TraceKind.EXERCISE_CLOSED, at(35_000), Map.of("exerciseId", "ex-1",
                        "reason", "deadline", "answered", 1L, "expected", 1L)),
                event("cs-1", "t01", TraceKind.SPEAK_TURN, at(50_000), Map.of("turnId", "turn-1",
                        "startedAt", at(40_000).toString(), "endedAt", at(50_000).toString(), "seconds", 10L)),
                event("cs-1", "t01", TraceKind.BREAKOUT_JOINED, at(70_000), Map.of("breakoutId", "bo-1",
                        "groupId", "g-1", "groupName", "甲组", "joinedAt", at(55_000).toString())),
                event("cs-1", "t02", TraceKind.BREAKOUT_JOINED, at(70_000), Map.of("breakoutId", "bo-1",
                        "groupId", "g-2", "groupName", "乙组", "joinedAt", at(55_100).toString())),
                event("cs-2", "t01", TraceKind.CHAT_MESSAGE, at(6_000), Map.of("messageId", "m-9", "name", "王芳",
                        "to", "class", "text", "另一节课")),
                event("cs-1", "t01", TraceKind.CHAT_MESSAGE, at(90_001), Map.of("messageId", "m-3", "name", "王芳",
                        "to", "class", "text", "录制后")),
                event("cs-1", "t01", TraceKind.HEARTBEAT, at(7_000), Map.of("visible", true)));
    }

    @Test
    void itemsAreTheLessonsPublicEventsOnTheReplaysTimeInOrder() {
        List<Map<String, Object>> items = Timeline.build(lesson(), "cs-1", ORIGIN, 90_000);

        assertThat(items).extracting(i -> i.get("atMs"))
                .containsExactly(1_500L, 3_000L, 4_000L, 5_000L, 35_000L, 40_000L, 55_000L);
        assertThat(items).extracting(i -> i.get("kind")).containsExactly("chat", "question", "danmaku",
                "exercise-start", "exercise-close", "speak", "breakout");
        assertThat(items).as("private chat to the lecturers, other lessons and moments outside the recording")
                .noneMatch(i -> List.of("我想请假", "另一节课", "录制前", "录制后").contains(i.get("text")));
        assertThat(items.get(0)).containsEntry("by", "t01").containsEntry("name", "王芳").containsEntry("text", "老师好");
        assertThat(items.get(1)).containsEntry("by", "t01").containsEntry("name", "王芳")
                .containsEntry("text", "ROI 怎么算？");
        assertThat(items.get(2)).containsEntry("color", "#ff8800");
        assertThat(items.get(3)).containsEntry("by", "l01").containsEntry("name", "李老师").containsEntry("exerciseId", "ex-1")
                .containsEntry("options", List.of("房租", "收入")).containsEntry("seconds", 30L)
                .doesNotContainKey("correct");
        assertThat(items.get(4)).containsEntry("text", "哪个是成本？").containsEntry("reason", "deadline");
        assertThat(items.get(5)).containsEntry("seconds", 10L);
        assertThat(items.get(6)).containsEntry("groups", List.of("甲组", "乙组"));
    }

    @Test
    void theFileHoldsAVersionAndTheItems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(Timeline.FILE);
        Timeline.write(file, Timeline.build(lesson(), "cs-1", ORIGIN, 90_000));

        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("items")).hasSize(7);
        assertThat(doc.at("/items/0/atMs").asLong()).isEqualTo(1_500);
        assertThat(doc.at("/items/0/kind").asText()).isEqualTo("chat");
    }

    // ---- issue I (i-record): the practice live room on the replay's timeline

    private List<TraceEvent> liveRoom() {
        Map<String, Object> put = new java.util.HashMap<>(Map.of("roomId", "cr-2", "productId", "pr-3", "action", "put",
                "name", "高山红富士苹果 5斤装", "imageUrl", "/img/a.png", "priceFen", 3990L, "stock", 200L, "promotion", ""));
        Map<String, Object> renamed = new java.util.HashMap<>(put);
        renamed.put("name", "高山红富士苹果 10斤装");
        renamed.put("priceFen", 6990L);
        Map<String, Object> order = new java.util.HashMap<>(Map.of("roomId", "cr-2", "orderId", "od-9", "hostId", "t01",
                "productId", "pr-3", "quantity", 2L, "unitPriceFen", 2990L, "totalFen", 5980L, "flash", true,
                "stockLeft", 196L));
        return List.of(
                event("cs-1", "t02", TraceKind.JOINED, ORIGIN.minusSeconds(90), Map.of("name", "刘洋", "role", "trainee")),
                event("cs-1", "t01", TraceKind.JOINED, ORIGIN.minusSeconds(80), Map.of("name", "王芳", "role", "trainee")),
                // put on the shelf before the recording started: the pin still names it
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(30), put),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, at(2_000), Map.of("roomId", "cr-2", "productId", "pr-3",
                        "action", "pin")),
                event("cs-1", "t01", TraceKind.COMMERCE_FLASH, at(3_000), Map.of("roomId", "cr-2", "productId", "pr-3",
                        "action", "started", "priceFen", 2990L, "seconds", 60L, "endsAt", at(63_000).toString())),
                event("cs-1", "t02", TraceKind.COMMERCE_ORDER, at(4_500), order),
                event("cs-1", "t01", TraceKind.COMMERCE_FLASH, at(63_000), Map.of("roomId", "cr-2", "productId", "pr-3",
                        "action", "ended", "reason", "time-up", "sold", 2L)),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, at(70_000), renamed),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, at(71_000), Map.of("roomId", "cr-2", "productId", "pr-3",
                        "action", "pin")),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, at(72_000), Map.of("roomId", "cr-2", "productId", "",
                        "action", "unpin")),
                event("cs-2", "t02", TraceKind.COMMERCE_ORDER, at(5_000), order),
                event("cs-1", "t02", TraceKind.COMMERCE_ORDER, at(95_000), order));
    }

    @Test
    void theLiveRoomsPinsFlashSalesAndOrdersAreOnTheTimelineWithTheProductsName() {
        List<TraceEvent> events = new java.util.ArrayList<>(liveRoom());
        java.util.Collections.reverse(events); // any order
        List<Map<String, Object>> items = Timeline.build(events, "cs-1", ORIGIN, 90_000);

        assertThat(items).extracting(i -> i.get("kind")).containsExactly("commerce-pin", "commerce-flash-start",
                "commerce-order", "commerce-flash-end", "commerce-pin");
        assertThat(items).extracting(i -> i.get("atMs")).containsExactly(2_000L, 3_000L, 4_500L, 63_000L, 71_000L);
        assertThat(items.get(0)).containsEntry("by", "t01").containsEntry("name", "王芳")
                .containsEntry("text", "高山红富士苹果 5斤装").containsEntry("productId", "pr-3")
                .containsEntry("priceFen", 3990L).containsEntry("roomId", "cr-2");
        assertThat(items.get(1)).containsEntry("text", "高山红富士苹果 5斤装").containsEntry("priceFen", 2990L)
                .containsEntry("seconds", 60L);
        assertThat(items.get(2)).as("the order: what, not who (the live room never shows the buyer)")
                .containsEntry("by", null).containsEntry("name", null)
                .containsEntry("text", "高山红富士苹果 5斤装").containsEntry("quantity", 2L)
                .containsEntry("unitPriceFen", 2990L).containsEntry("totalFen", 5980L).containsEntry("flash", true);
        assertThat(items.get(3)).containsEntry("reason", "time-up").containsEntry("sold", 2L);
        assertThat(items.get(4)).as("the name and price as they were then").containsEntry("text", "高山红富士苹果 10斤装")
                .containsEntry("priceFen", 6990L);
    }

    @Test
    void aProductStillPinnedWhenTheRecordingStartedIsShownFromItsStart() {
        Map<String, Object> put = Map.of("roomId", "cr-2", "productId", "pr-3", "action", "put", "name", "土蜂蜜",
                "priceFen", 5900L);
        Map<String, Object> otherPut = Map.of("roomId", "cr-1", "productId", "pr-1", "action", "put", "name", "核桃",
                "priceFen", 2500L);
        List<TraceEvent> events = List.of(
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(600), otherPut),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(590), Map.of("roomId", "cr-1",
                        "productId", "pr-1", "action", "pin")),
                event("cs-1", "l01", TraceKind.COMMERCE_ROOM_CLOSED, ORIGIN.minusSeconds(500), Map.of("roomId", "cr-1")),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(60), put),
                event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(50), Map.of("roomId", "cr-2",
                        "productId", "pr-3", "action", "pin")),
                event("cs-1", "t02", TraceKind.COMMERCE_ORDER, at(1_000), Map.of("roomId", "cr-2", "productId", "pr-3",
                        "quantity", 1L, "unitPriceFen", 5900L, "totalFen", 5900L, "flash", false)));

        List<Map<String, Object>> items = Timeline.build(events, "cs-1", ORIGIN, 90_000);

        assertThat(items).extracting(i -> i.get("kind")).containsExactly("commerce-pin", "commerce-order");
        assertThat(items.get(0)).containsEntry("atMs", 0L).containsEntry("earlier", true).containsEntry("text", "土蜂蜜")
                .containsEntry("roomId", "cr-2");

        List<TraceEvent> unpinned = new java.util.ArrayList<>(events);
        unpinned.add(event("cs-1", "t01", TraceKind.COMMERCE_PRODUCT, ORIGIN.minusSeconds(40), Map.of("roomId", "cr-2",
                "productId", "", "action", "unpin")));
        assertThat(Timeline.build(unpinned, "cs-1", ORIGIN, 90_000)).as("unpinned before the recording")
                .extracting(i -> i.get("kind")).containsExactly("commerce-order");
    }
}
