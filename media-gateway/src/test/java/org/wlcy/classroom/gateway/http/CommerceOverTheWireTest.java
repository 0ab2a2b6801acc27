package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The practice live room (模拟直播电商) through the whole server (Netty, router, the class's lane, the
 * embedded trace store) with scripted WebSocket clients: two buyers racing for the last unit get
 * exactly one order, which is on the trace; wrong roles and wrong states are refused with their
 * codes; malformed fields are refused naming the field; the host publishes as the streamer; the
 * dashboard reaches the host and the lecturer; the host's figures are traced under the host.
 */
class CommerceOverTheWireTest {
    private static final String SECRET = "commerce-over-the-wire-test-secret-0123456789abc";
    private static final ClassroomId CLASS = new ClassroomId("c-commerce");
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final List<WsTestClient> clients = new ArrayList<>();
    private WsTestClient lecturer;
    private WsTestClient host;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path words = dataDir.resolve("words.txt");
        java.nio.file.Files.writeString(words, "微信\n", java.nio.charset.StandardCharsets.UTF_8);
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--interaction.sensitiveWordsFile=" + words)),
                new FakeMediaServer(), Clock.systemUTC());
        lecturer = joined("l1", Role.LECTURER);
        lecturer.ok("session.start");
        host = joined("t1", Role.TRAINEE);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        gateway.close();
    }

    private WsTestClient joined(String user, Role role) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, Set.of(CLASS),
                "机构A", "110000", java.time.Instant.EPOCH), Duration.ofHours(2));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        clients.add(c);
        c.ok("class.join", "classroomId", CLASS.value());
        return c;
    }

    private static void refused(JsonNode reply, int code) {
        assertThat(reply.path("type").asText()).as("%s", reply).isEqualTo("error");
        assertThat(reply.path("code").asInt()).as("%s", reply).isEqualTo(code);
    }

    private static void refused(JsonNode reply, int code, String field) {
        refused(reply, code);
        assertThat(reply.path("message").asText()).as("the message names the field").contains(field);
    }

    private List<TraceEvent> stored(TraceKind kind) {
        return gateway.proctoring().store().read(CLASS, 0, 100_000).stream().filter(e -> e.kind() == kind).toList();
    }

    /** Shelf and host changes are recorded as they happen (ServerTrace.record), not before the ack: wait for them. */
    private List<TraceEvent> storedAtLeast(TraceKind kind, int n) {
        org.wlcy.classroom.testing.Await.until(n + " " + kind + " stored", java.time.Duration.ofSeconds(10),
                () -> stored(kind).size() >= n);
        return stored(kind);
    }

    private void openWithHost() {
        lecturer.ok("commerce.room.open", "title", "助农直播间");
        lecturer.ok("commerce.host.set", "userId", "t1");
    }

    private String product(int stock) {
        return host.ok("commerce.product.put", "name", "高山红富士苹果", "imageUrl", "https://img.example.cn/a.jpg",
                "priceFen", 3990, "stock", stock).path("product").path("productId").asText();
    }

    @Test
    void twoBuyersRaceForTheLastUnitAndExactlyOneGetsIt() {
        WsTestClient a = joined("t2", Role.TRAINEE);
        WsTestClient b = joined("t3", Role.TRAINEE);
        openWithHost();
        String id = product(1);
        host.ok("commerce.product.pin", "productId", id);
        JsonNode card = a.await("the pinned card", m -> m.path("type").asText().equals("commerce.product.pinned")
                && m.path("product").path("productId").asText().equals(id));
        assertThat(card.path("product").path("stock").asInt()).isEqualTo(1);
        b.await("the pinned card", m -> m.path("type").asText().equals("commerce.product.pinned"));

        String ra = a.send("commerce.order.place", "productId", id, "quantity", 1);
        String rb = b.send("commerce.order.place", "productId", id, "quantity", 1);
        JsonNode replyA = a.await("a's reply", m -> ra.equals(m.path("requestId").asText(null)));
        JsonNode replyB = b.await("b's reply", m -> rb.equals(m.path("requestId").asText(null)));

        List<JsonNode> replies = List.of(replyA, replyB);
        assertThat(replies).filteredOn(r -> r.path("type").asText().equals("commerce.order.place.ok")).hasSize(1);
        JsonNode lost = replies.stream().filter(r -> r.path("type").asText().equals("error")).findFirst()
                .orElseThrow(() -> new AssertionError("both got the last unit: " + replies));
        refused(lost, 295);
        assertThat(lost.path("error").asText()).isEqualTo("OUT_OF_STOCK");
        JsonNode won = replies.stream().filter(r -> r.path("type").asText().endsWith(".ok")).findFirst().orElseThrow();
        assertThat(won.path("order").path("stockLeft").asInt()).isZero();
        assertThat(won.path("order").path("totalFen").asLong()).isEqualTo(3990);
        List<TraceEvent> orders = stored(TraceKind.COMMERCE_ORDER);
        assertThat(orders).as("the acknowledged order is on the trace already, and only it").hasSize(1);
        assertThat(orders.get(0).data()).containsEntry("orderId", won.path("order").path("orderId").asText())
                .containsEntry("hostId", "t1").containsEntry("stockLeft", 0L);
        JsonNode sold = host.await("the stock after the order", m -> m.path("type").asText()
                .equals("commerce.product.changed") && m.path("product").path("stock").asInt(-1) == 0);
        assertThat(sold.path("product").path("productId").asText()).isEqualTo(id);
        refused(a.request("commerce.order.place", "productId", id, "quantity", 1), 295);

        WsTestClient late = joined("t4", Role.TRAINEE);
        JsonNode room = late.awaitType("commerce.room.state").path("room");
        assertThat(room.path("hostId").asText()).as("a late comer sees the room at once").isEqualTo("t1");
        assertThat(room.path("pinnedId").asText()).isEqualTo(id);
        assertThat(room.path("products").get(0).path("stock").asInt()).isZero();
    }

    @Test
    void wrongRolesAndStatesAreRefusedWithTheirCodes() {
        WsTestClient buyer = joined("t2", Role.TRAINEE);
        WsTestClient regulator = joined("g1", Role.REGULATOR);

        refused(lecturer.request("commerce.host.set", "userId", "t1"), 290);
        refused(buyer.request("commerce.order.place", "productId", "pr-1", "quantity", 1), 290);
        refused(host.request("commerce.room.open"), 304);
        refused(regulator.request("commerce.room.open"), 304);
        lecturer.ok("commerce.room.open");
        refused(lecturer.request("commerce.room.open"), 291);
        refused(lecturer.request("commerce.host.set", "userId", "t9"), 103, "userId");
        refused(lecturer.request("commerce.host.set", "userId", "g1"), 103, "userId");
        refused(buyer.request("commerce.host.set", "userId", "t2"), 304);
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/img/a.png", "priceFen", 100,
                "stock", 1), 292);
        lecturer.ok("commerce.host.set", "userId", "t1");
        String id = product(5);
        refused(buyer.request("commerce.product.put", "name", "苹果", "imageUrl", "/img/a.png", "priceFen", 100,
                "stock", 1), 292);
        refused(lecturer.request("commerce.product.pin", "productId", id), 292);
        refused(regulator.request("commerce.product.pin", "productId", id), 304);
        refused(buyer.request("commerce.flash.start", "productId", id, "priceFen", 100, "seconds", 30), 292);
        refused(buyer.request("commerce.order.place", "productId", id, "quantity", 1), 294);
        host.ok("commerce.product.pin", "productId", id);
        refused(host.request("commerce.order.place", "productId", id, "quantity", 1), 296);
        refused(lecturer.request("commerce.order.place", "productId", id, "quantity", 1), 304);
        refused(regulator.request("commerce.order.place", "productId", id, "quantity", 1), 304);
        refused(buyer.request("commerce.order.place", "productId", "pr-nope", "quantity", 1), 293);
        refused(buyer.request("commerce.order.place", "productId", id, "quantity", 6), 295);
        refused(host.request("commerce.flash.start", "productId", id, "priceFen", 3990, "seconds", 30), 103,
                "priceFen");
        host.ok("commerce.flash.start", "productId", id, "priceFen", 1990, "seconds", 30);
        refused(host.request("commerce.flash.start", "productId", id, "priceFen", 1000, "seconds", 30), 297);
        assertThat(buyer.ok("commerce.order.place", "productId", id, "quantity", 2).path("order")
                .path("unitPriceFen").asInt()).as("the flash price").isEqualTo(1990);
        refused(buyer.request("commerce.room.close"), 304);
        lecturer.ok("commerce.room.close");
        refused(host.request("commerce.product.pin", "productId", id), 290);
        assertThat(stored(TraceKind.COMMERCE_ORDER)).hasSize(1);
    }

    @Test
    void malformedFieldsAreRefusedNamingTheField() {
        openWithHost();
        WsTestClient buyer = joined("t2", Role.TRAINEE);

        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png", "priceFen", 0, "stock", 1),
                103, "priceFen");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png", "priceFen", 10_000_001,
                "stock", 1), 103, "priceFen");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png", "priceFen", 39.9,
                "stock", 1), 103, "priceFen");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png", "priceFen", "3990",
                "stock", 1), 103, "priceFen");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png", "priceFen", 100,
                "stock", 100_001), 103, "stock");
        refused(host.request("commerce.product.put", "name", "果".repeat(61), "imageUrl", "/a.png", "priceFen", 100,
                "stock", 1), 103, "name");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "http://x.cn/a.png", "priceFen",
                100, "stock", 1), 103, "imageUrl");
        refused(host.request("commerce.product.put", "name", "苹果", "imageUrl", "/a.png\" onerror=\"x", "priceFen",
                100, "stock", 1), 103, "imageUrl");
        refused(host.request("commerce.product.put", "imageUrl", "/a.png", "priceFen", 100, "stock", 1), 103, "name");
        refused(host.request("commerce.flash.start", "productId", "pr-1", "priceFen", 100, "seconds", 601), 103,
                "seconds");
        refused(buyer.request("commerce.order.place", "productId", "pr-1", "quantity", 100), 103, "quantity");
        refused(buyer.request("commerce.order.place", "productId", "pr-1"), 103, "quantity");
        buyer.sendRaw("{\"type\":\"commerce.order.place\",\"requestId\":\"x1\",\"productId\":\"pr-1\",\"quantity\":1");
        refused(buyer.await("the malformed frame's reply", m -> m.path("type").asText().equals("error")), 100);
        assertThat(buyer.isOpen()).isTrue();
        assertThat(stored(TraceKind.COMMERCE_PRODUCT)).as("nothing refused reached the shelf").isEmpty();
    }

    @Test
    void productNamesAndPromotionsPassTheSensitiveWordFilterAsChatDoes() {
        openWithHost();

        JsonNode p = host.ok("commerce.product.put", "name", "苹果 加微信下单", "imageUrl", "/img/a.png", "priceFen", 100,
                "stock", 1, "promotion", "微信转账更便宜").path("product");

        assertThat(p.path("name").asText()).doesNotContain("微信").startsWith("苹果 加");
        assertThat(p.path("promotion").asText()).doesNotContain("微信");
        assertThat(storedAtLeast(TraceKind.COMMERCE_PRODUCT, 1).get(0).data().get("name").toString()).doesNotContain("微信");
    }

    @Test
    void handingTheRoleAgainGivesBackTheCameraThatASpeakingTurnsEndTook() {
        openWithHost();
        host.ok("media.publish", "kind", "camera", "sdp", "v=0\r\n");
        String turn = lecturer.ok("speak.invite", "userId", "t1").path("turnId").asText();
        host.ok("speak.accept", "turnId", turn);
        lecturer.ok("speak.end", "turnId", turn);
        host.awaitType("stream.unpublished");
        refused(host.request("media.publish", "kind", "camera", "sdp", "v=0\r\n"), 224);

        lecturer.ok("commerce.host.set", "userId", "t1");

        host.ok("media.publish", "kind", "camera", "sdp", "v=0\r\n");
        assertThat(storedAtLeast(TraceKind.COMMERCE_HOST, 1)).as("the same host: no new stint").hasSize(1);
    }

    @Test
    void theHostStreamsTheDashboardComesAndTheFiguresAreTracedUnderTheHost() {
        WsTestClient buyer = joined("t2", Role.TRAINEE);
        refused(host.request("media.publish", "kind", "camera", "sdp", "v=0\r\n"), 224);
        openWithHost();
        String stream = host.ok("media.publish", "kind", "camera", "sdp", "v=0\r\n").path("streamId").asText();
        assertThat(stream).isNotEmpty();
        String id = product(10);
        host.ok("commerce.product.pin", "productId", id);
        buyer.ok("like.send", "count", 3);
        buyer.ok("commerce.order.place", "productId", id, "quantity", 2);

        for (WsTestClient c : List.of(host, lecturer)) {
            JsonNode stats = c.await("the dashboard with the order", m -> m.path("type").asText()
                    .equals("commerce.stats") && m.path("stats").path("orders").asInt() == 1
                    && m.path("stats").path("likes").asInt() == 3).path("stats");
            assertThat(stats.path("hostId").asText()).isEqualTo("t1");
            assertThat(stats.path("units").asInt()).isEqualTo(2);
            assertThat(stats.path("turnoverFen").asLong()).isEqualTo(7980);
            assertThat(stats.path("viewers").asInt()).isEqualTo(1);
            assertThat(stats.path("conversion").asDouble()).isEqualTo(1.0);
        }

        JsonNode closed = lecturer.ok("commerce.room.close").path("stats");
        assertThat(closed.path("turnoverFen").asLong()).isEqualTo(7980);
        assertThat(buyer.awaitType("commerce.room.closed").path("reason").asText()).isEqualTo("lecturer");
        JsonNode gone = buyer.awaitType("stream.unpublished");
        assertThat(gone.path("streamId").asText()).as("the host's camera ends with the role").isEqualTo(stream);
        // the room's figures are recorded as it closes (ServerTrace.record): wait for them to be stored
        storedAtLeast(TraceKind.COMMERCE_ROOM_CLOSED, 1);
        TraceEvent session = storedAtLeast(TraceKind.COMMERCE_SESSION, 1).get(0);
        assertThat(session.userId()).isEqualTo(new UserId("t1"));
        assertThat(session.data()).containsEntry("orders", 1L).containsEntry("units", 2L)
                .containsEntry("turnoverFen", 7980L).containsEntry("likes", 3L).containsEntry("viewers", 1L)
                .containsEntry("conversionPermille", 1000L).containsEntry("reason", "closed");
        assertThat(stored(TraceKind.COMMERCE_ROOM_CLOSED)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("hosts", "t1").containsEntry("orders", 1L));
        assertThat(stored(TraceKind.COMMERCE_HOST)).singleElement()
                .satisfies(e -> assertThat(e.userId()).isEqualTo(new UserId("t1")));
    }

    // issue I live room (i-live): the host publishes camera and screen (issue 13), in the main room only
    @Test
    void theHostSharesAScreenIntoTheMainRoomUntilTheRoleMovesOn_OtherTraineesMayNot() {
        WsTestClient other = joined("t2", Role.TRAINEE);
        refused(host.request("media.publish", "kind", "screen", "sdp", "v=0\r\n"), 304);
        openWithHost();
        String screen = host.ok("media.publish", "kind", "screen", "sdp", "v=0\r\n").path("streamId").asText();
        JsonNode announced = other.await("the host's screen is announced", m -> m.path("type").asText()
                .equals("stream.published") && m.path("stream").path("kind").asText().equals("screen")).path("stream");
        assertThat(announced.path("streamId").asText()).isEqualTo(screen);
        assertThat(announced.path("userId").asText()).isEqualTo("t1");
        assertThat(announced.path("groupId").isNull()).as("into the main room").isTrue();
        refused(other.request("media.publish", "kind", "screen", "sdp", "v=0\r\n"), 304);

        lecturer.ok("commerce.host.set", "userId", "t2");
        JsonNode gone = other.await("the former host's screen ends", m -> m.path("type").asText()
                .equals("stream.unpublished") && m.path("streamId").asText().equals(screen));
        assertThat(gone.path("reason").asText()).isEqualTo("TURN_ENDED");
        refused(host.request("media.publish", "kind", "screen", "sdp", "v=0\r\n"), 304);
        String next = other.ok("media.publish", "kind", "screen", "sdp", "v=0\r\n").path("streamId").asText();
        lecturer.ok("commerce.room.close");
        host.await("the host's screen ends with the room", m -> m.path("type").asText()
                .equals("stream.unpublished") && m.path("streamId").asText().equals(next));
    }
    // end issue I live room (i-live)
}
