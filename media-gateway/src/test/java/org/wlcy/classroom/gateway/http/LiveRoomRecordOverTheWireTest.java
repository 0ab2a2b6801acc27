package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.testing.Await;

/**
 * Issue I, the record half: a practice live room run over the WebSocket (a lecturer hands the host
 * role to t01, a classmate orders, the role moves on to t03, the room closes) puts each host's
 * session on the trace, and the scoring lecturer reads t01's figures over REST
 * ({@code GET /api/classes/{id}/practice/live-room?trainee=t01}); the trainee reads their own;
 * who may not read is refused with the assessment API's codes.
 */
class LiveRoomRecordOverTheWireTest {
    private static final ClassroomId C = new ClassroomId("c-live-record");
    private static final String PATH = "/api/classes/" + C.value() + "/practice/live-room";
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        server.close();
    }

    private WsTestClient joined(String user, Role role) {
        WsTestClient c = WsTestClient.connect(server.port(), server.token(user, role, "110105", C.value()), null);
        clients.add(c);
        c.ok("class.join", "classroomId", C.value());
        return c;
    }

    @Test
    void theScorerReadsEachHostsPracticeSessionFromTheTrace() throws Exception {
        WsTestClient lecturer = joined("l01", Role.LECTURER);
        lecturer.ok("session.start");
        WsTestClient host = joined("t01", Role.TRAINEE);
        WsTestClient buyer = joined("t02", Role.TRAINEE);
        joined("t03", Role.TRAINEE);
        lecturer.ok("commerce.room.open", "title", "助农直播间");
        lecturer.ok("commerce.host.set", "userId", "t01");
        String id = host.ok("commerce.product.put", "name", "高山红富士苹果", "imageUrl", "https://img.example.cn/a.jpg",
                "priceFen", 3990, "stock", 10).path("product").path("productId").asText();
        host.ok("commerce.product.pin", "productId", id);
        buyer.ok("commerce.order.place", "productId", id, "quantity", 2);
        lecturer.ok("commerce.host.set", "userId", "t03");
        lecturer.ok("commerce.room.close");

        String admin = server.token("a01", Role.ADMIN, "110105");
        assertThat(server.call("POST", "/api/classes/" + C.value() + "/assessment/scorers", admin,
                Map.of("scorer", "s01", "assigned", true)).status()).isEqualTo(200);
        String scorer = server.token("s01", Role.LECTURER, "110105");
        // the sessions are recorded as the role moves on (ServerTrace.record, not awaited): wait for both
        JsonNode t01 = Await.until("t01's session is on the record", Duration.ofSeconds(10),
                () -> read(scorer, "?trainee=t01"), b -> b.path("sessions").size() == 1);
        assertThat(t01.path("trainee").asText()).isEqualTo("t01");
        JsonNode s = t01.path("sessions").get(0);
        assertThat(s.path("lessonId").asText()).isNotEmpty();
        assertThat(s.path("roomId").asText()).startsWith("cr-");
        assertThat(s.path("startedAt").asText()).isLessThanOrEqualTo(s.path("endedAt").asText());
        assertThat(s.path("viewers").asLong()).as("t02 and t03 watched, the host not counted").isEqualTo(2);
        assertThat(s.path("orders").asLong()).isEqualTo(1);
        assertThat(s.path("units").asLong()).isEqualTo(2);
        assertThat(s.path("turnoverFen").asLong()).isEqualTo(7980);
        assertThat(s.path("buyers").asLong()).isEqualTo(1);
        assertThat(s.path("conversionPermille").asLong()).isEqualTo(500);
        assertThat(s.path("products").asLong()).isEqualTo(1);
        assertThat(s.path("reason").asText()).isEqualTo("host-changed");
        assertThat(t01.path("total").path("turnoverFen").asLong()).isEqualTo(7980);
        assertThat(t01.path("total").path("sessions").asInt()).isEqualTo(1);

        JsonNode t03 = Await.until("t03's session is on the record", Duration.ofSeconds(10),
                () -> read(scorer, "?trainee=t03"), b -> b.path("sessions").size() == 1);
        assertThat(t03.path("sessions").get(0).path("orders").asLong()).isZero();
        assertThat(t03.path("sessions").get(0).path("reason").asText()).isEqualTo("closed");
        assertThat(read(scorer, "?trainee=t02").path("sessions")).as("the buyer never hosted").isEmpty();

        // the trainee reads their own, whatever they name; the class's lecturers and admins read too
        String mine = server.token("t01", Role.TRAINEE, "110105", C.value());
        assertThat(read(mine, "?trainee=t03").path("trainee").asText()).isEqualTo("t01");
        assertThat(read(mine, "").path("sessions").get(0).path("turnoverFen").asLong()).isEqualTo(7980);
        assertThat(read(admin, "?trainee=t01").path("sessions")).hasSize(1);

        // who may not
        AssessmentServer.Reply noTrainee = server.call("GET", PATH, scorer, null);
        assertThat(noTrainee.code()).isEqualTo(103);
        assertThat(noTrainee.message()).contains("trainee");
        assertThat(server.call("GET", PATH + "?trainee=t01", server.token("x01", Role.LECTURER, "110105"), null).code())
                .as("a lecturer neither of the class nor scoring it").isEqualTo(303);
        assertThat(server.call("GET", PATH + "?trainee=t01", server.token("t09", Role.TRAINEE, "110105"), null).code())
                .as("a trainee of another class").isEqualTo(303);
        assertThat(server.call("GET", PATH + "?trainee=t01", server.token("r-gd", Role.REGULATOR, "440000"), null)
                .code()).as("a regulator of another region").isEqualTo(303);
    }

    private JsonNode read(String token, String query) {
        try {
            AssessmentServer.Reply r = server.call("GET", PATH + query, token, null);
            assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
