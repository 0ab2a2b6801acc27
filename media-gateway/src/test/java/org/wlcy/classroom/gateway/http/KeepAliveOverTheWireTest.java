package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * Keep-alive (docs/protocol.md "Keep-alive") in a busy class: a lecturer chats the whole time, so
 * the server writes to everyone every few tens of milliseconds. A trainee's page that only listens
 * (its browser answers pings with pongs, it sends no message) must stay for idle period after idle period; a
 * page that answers nothing, not even pings, must still be closed. The idle timeout is 2 s here
 * (40 s by default), so five idle periods, more than three minutes of a real class, take 10 s.
 */
class KeepAliveOverTheWireTest {
    private static final String SECRET = "keep-alive-test-secret-0123456789abcdef";
    private static final String CLASS = "c-keepalive";
    private static final int IDLE_SECONDS = 2;
    private static final Duration IDLE = Duration.ofSeconds(IDLE_SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private int port;
    private WsTestClient lecturer;
    private Thread chatDriver;
    private final AtomicBoolean chatting = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> chatFailure = new AtomicReference<>();

    @BeforeEach
    void startAChattyClass() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--ws.idleTimeoutSeconds=" + IDLE_SECONDS, "--ws.resumeGraceSeconds=0")),
                new FakeMediaServer(), Clock.systemUTC());
        lecturer = WsTestClient.connect(port, token("l01", Role.LECTURER), null);
        lecturer.ok("class.join", "classroomId", CLASS);
        chatDriver = new Thread(this::chat, "keepalive-chat");
        chatDriver.setDaemon(true);
        chatDriver.start();
    }

    /** The lecturer sends a chat message every 50 ms: the server never stops writing to the class. */
    private void chat() {
        try {
            for (long n = 0; chatting.get(); n++) {
                lecturer.ok("chat.send", "text", "第" + n + "句", "to", "class");
                sent.incrementAndGet();
                lecturer.drain();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // the class's pace, not a wait
            }
        } catch (Throwable t) {
            chatFailure.set(t);
        }
    }

    @AfterEach
    void stop() throws Exception {
        chatting.set(false);
        chatDriver.join(TimeUnit.SECONDS.toMillis(10));
        lecturer.close();
        gateway.close();
    }

    private String token(String user, Role role) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(new ClassroomId(CLASS)),
                "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30));
    }

    /** Joins with the only message the page will ever send, and waits for its reply. */
    private static void join(RawWebSocket ws) throws Exception {
        ws.sendText("{\"type\":\"class.join\",\"requestId\":\"j\",\"classroomId\":\"" + CLASS + "\"}");
        while (true) {
            RawWebSocket.Frame f = ws.next(Duration.ofSeconds(5));
            assertThat(f).as("the reply to class.join").isNotNull();
            if (f.opcode() == RawWebSocket.TEXT && "j".equals(JSON.readTree(f.text()).path("requestId").asText())) {
                assertThat(JSON.readTree(f.text()).path("type").asText()).isEqualTo("class.join.ok");
                return;
            }
        }
    }

    @Test
    void aListenerWhoseBrowserAnswersPingsStaysForFiveIdlePeriodsOfAChattyClass() throws Exception {
        try (RawWebSocket listener = RawWebSocket.openAsBrowser(port, token("t01", Role.TRAINEE))) {
            join(listener);
            long chatAtStart = sent.get();
            long start = System.nanoTime();
            Duration span = IDLE.multipliedBy(5);
            Await.until("five idle periods pass, or the listener is closed", span.plusSeconds(10),
                    () -> listener.ended() || System.nanoTime() - start >= span.toNanos());

            assertThat(listener.ended()).as("the listener is still connected after %s", span).isFalse();
            assertThat(chatFailure.get()).as("the lecturer chatted throughout").isNull();
            assertThat(sent.get() - chatAtStart).as("chat messages sent meanwhile").isGreaterThan(30);
            assertThat(listener.pingsReceived()).as("pings on the listener's silence, one per half idle period")
                    .isGreaterThanOrEqualTo(3);
            List<JsonNode> received = new java.util.ArrayList<>();
            RawWebSocket.Frame f;
            while ((f = listener.next(Duration.ZERO)) != null) {
                if (f.opcode() == RawWebSocket.TEXT) {
                    received.add(JSON.readTree(f.text()));
                }
                assertThat(f.opcode()).as("no close frame").isNotEqualTo(RawWebSocket.CLOSE);
            }
            assertThat(received).filteredOn(m -> m.path("type").asText().equals("chat.message"))
                    .as("the listener heard the class").hasSizeGreaterThan(30);
        }
    }

    @Test
    void aPageThatAnswersNoPingIsClosedAfterTheIdleTimeoutEvenInAChattyClass() throws Exception {
        try (RawWebSocket dead = RawWebSocket.open(port, token("t02", Role.TRAINEE))) {
            join(dead);
            long start = System.nanoTime();
            int close = dead.awaitClose(IDLE.multipliedBy(3));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(close).as("closed as silent").isEqualTo(1001);
            assertThat(dead.pingsReceived()).as("it was pinged first").isGreaterThanOrEqualTo(1);
            assertThat(tookMillis).as("closed after the idle timeout, not before")
                    .isGreaterThanOrEqualTo(IDLE.toMillis() / 2);
            assertThat(chatFailure.get()).isNull();
        }
    }
}
