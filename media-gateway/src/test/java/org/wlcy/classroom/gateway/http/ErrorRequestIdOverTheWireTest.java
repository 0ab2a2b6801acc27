package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Errors for frames the server cannot decode still carry the frame's {@code requestId} where the
 * frame allows reading it (docs/protocol.md "Error"), so a client can match them to its request: an
 * oversized frame (102) whose top-level {@code requestId} is within its first bytes, and a frame
 * whose only fault is a duplicate key (100). Where it cannot be read unambiguously, it is absent.
 */
class ErrorRequestIdOverTheWireTest {
    private static final String SECRET = "error-request-id-test-secret-0123456789abcdef";
    private static final String CLASS = "c-errors";
    private static final String BIG = "x".repeat(70_000);
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private WsTestClient client;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")),
                new FakeMediaServer(), Clock.systemUTC());
        client = WsTestClient.connect(port, gateway.tokens().issue(new Identity(new UserId("t01"), "n-t01",
                Role.TRAINEE, Set.of(new ClassroomId(CLASS)), "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30)),
                null);
        client.ok("class.join", "classroomId", CLASS);
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    /** Sends a raw frame, then a ping: the error for the frame is the first error before the ping's reply. */
    private JsonNode errorFor(String frame) {
        client.sendRaw(frame);
        JsonNode error = client.awaitType("error");
        assertThat(client.ok("ping").path("type").asText()).as("the connection goes on").isEqualTo("ping.ok");
        return error;
    }

    @Test
    void anOversizedFrameIsAnsweredWithItsRequestId() {
        JsonNode error = errorFor("{\"type\":\"chat.send\",\"requestId\":\"big-1\",\"to\":\"class\",\"text\":\"" + BIG
                + "\"}");
        assertThat(error.path("code").asInt()).isEqualTo(102);
        assertThat(error.path("requestId").asText(null)).isEqualTo("big-1");

        JsonNode nested = errorFor("{\"type\":\"trace.append\",\"events\":[{\"requestId\":\"inner\"}],\"pad\":\"" + BIG
                + "\"}");
        assertThat(nested.path("code").asInt()).isEqualTo(102);
        assertThat(nested.has("requestId")).as("only a top-level requestId counts").isFalse();

        JsonNode late = errorFor("{\"type\":\"chat.send\",\"text\":\"" + BIG + "\",\"requestId\":\"big-2\"}");
        assertThat(late.path("code").asInt()).isEqualTo(102);
        assertThat(late.has("requestId")).as("a requestId past the first bytes is not looked for").isFalse();
    }

    @Test
    void aFrameWithADuplicateKeyIsAnsweredWithItsRequestId() {
        JsonNode error = errorFor("{\"type\":\"chat.send\",\"requestId\":\"dup-1\",\"text\":\"a\",\"text\":\"b\","
                + "\"to\":\"class\"}");
        assertThat(error.path("code").asInt()).isEqualTo(100);
        assertThat(error.path("message").asText()).contains("text");
        assertThat(error.path("requestId").asText(null)).isEqualTo("dup-1");

        JsonNode nested = errorFor("{\"type\":\"trace.append\",\"events\":[{\"id\":\"e1\",\"id\":\"e2\","
                + "\"kind\":\"focus.hidden\",\"data\":{}}],\"requestId\":\"dup-2\"}");
        assertThat(nested.path("code").asInt()).isEqualTo(100);
        assertThat(nested.path("requestId").asText(null)).isEqualTo("dup-2");

        JsonNode twoIds = errorFor("{\"type\":\"ping\",\"requestId\":\"a\",\"requestId\":\"b\"}");
        assertThat(twoIds.path("code").asInt()).isEqualTo(100);
        assertThat(twoIds.has("requestId")).as("two requestIds: neither is the request's").isFalse();

        JsonNode broken = errorFor("{\"type\":\"ping\",\"requestId\":\"dup-3\",\"a\":1,\"a\":2,");
        assertThat(broken.path("code").asInt()).isEqualTo(100);
        assertThat(broken.has("requestId")).as("not JSON apart from the duplicate: no requestId, as before").isFalse();
    }
}
