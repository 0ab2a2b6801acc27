package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
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
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The connections of a class move to the class's event loop as they join (issue J, docs/adr/0027):
 * with four loops, four pages connected one after the other are accepted on four loops, so three of
 * them move. The class goes on as before: every page hears every chat message in order, and the
 * keep-alive still pings a silent page and closes it when it answers nothing.
 */
class ClassLoopOverTheWireTest {
    private static final String SECRET = "class-loop-test-secret-0123456789abcdef";
    private static final String CLASS = "c-loop";
    private static final int IDLE_SECONDS = 2;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--runtime.ioThreads=4", "--ws.idleTimeoutSeconds=" + IDLE_SECONDS, "--ws.resumeGraceSeconds=0")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String token(String user, Role role) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(new ClassroomId(CLASS)),
                "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30));
    }

    /** How many connections have moved to their class's loop ({@code /metrics}, stage "move"). */
    private static double moves(int port) throws Exception {
        String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^classroom_stage_seconds_count\\{stage=\"move\"\\} ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void pagesAcceptedOnOtherLoopsMoveToTheClasssLoopAndHearEveryMessageInOrder() throws Exception {
        List<WsTestClient> pages = new ArrayList<>();
        try {
            pages.add(WsTestClient.connect(port, token("l01", Role.LECTURER), null));
            for (int i = 1; i <= 3; i++) {
                pages.add(WsTestClient.connect(port, token("t0" + i, Role.TRAINEE), null));
            }
            for (WsTestClient page : pages) {
                page.ok("class.join", "classroomId", CLASS);
            }
            assertThat(moves(port)).as("pages moved to the class's loop").isGreaterThanOrEqualTo(3);

            // Each page sends five messages; every page hears all twenty, each sender's in its order.
            for (int n = 0; n < 5; n++) {
                for (int p = 0; p < pages.size(); p++) {
                    pages.get(p).send("chat.send", "text", "p" + p + "-" + n, "to", "class");
                }
            }
            for (WsTestClient page : pages) {
                List<JsonNode> heard = new ArrayList<>();
                Await.until("all twenty messages heard", Duration.ofSeconds(10), () -> {
                    page.drain().stream().filter(m -> m.path("type").asText().equals("chat.message"))
                            .forEach(heard::add);
                    return heard.size() >= 20;
                });
                for (int p = 0; p < pages.size(); p++) {
                    String prefix = "p" + p + "-";
                    assertThat(heard.stream().map(m -> m.path("message").path("text").asText()).filter(t -> t.startsWith(prefix)))
                            .containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(n -> prefix + n).toList());
                }
            }
        } finally {
            pages.forEach(WsTestClient::close);
        }
    }

    @Test
    void silentPagesThatMovedArePingedAndClosedAfterTheIdleTimeout() throws Exception {
        List<RawWebSocket> pages = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                pages.add(RawWebSocket.open(port, token("t0" + i, Role.TRAINEE)));
            }
            for (RawWebSocket page : pages) {
                page.sendText("{\"type\":\"class.join\",\"requestId\":\"j\",\"classroomId\":\"" + CLASS + "\"}");
            }
            Await.until("three of the four pages moved", Duration.ofSeconds(10), () -> {
                try {
                    return moves(port) >= 3;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (RawWebSocket page : pages) {
                // A page that answers no ping: pinged after half the idle timeout, closed after all of it.
                assertThat(page.awaitClose(Duration.ofSeconds(IDLE_SECONDS * 3L))).as("closed as silent").isEqualTo(1001);
                assertThat(page.pingsReceived()).as("pinged first").isGreaterThanOrEqualTo(1);
            }
        } finally {
            pages.forEach(RawWebSocket::close);
        }
    }
}
