package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.classroom.InMemoryClassroomDirectory;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.testing.FakeMediaServer;

/** The gate and the frame handler in an {@link EmbeddedChannel}: no sockets, no threads. */
class SignalPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.port=8080"));
    private final TokenService tokens = new TokenService("embedded-channel-test-secret-0123456789".getBytes(
            StandardCharsets.UTF_8), "wlcy-classroom", "t", Clock.systemUTC());
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Classrooms classrooms = new Classrooms(new InMemoryClassroomDirectory(true), new FakeMediaServer(),
            Clock.systemUTC(), Runnable::run, IdGenerator.sequential(), ClassSessionListener.NONE, (t, e) -> { });
    private final MessageRouter router = new MessageRouter(classrooms, Clock.systemUTC());

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new WebSocketGate(config.http(), tokens, new Json(codec.mapper())),
                new SignalFrameHandler(codec, Signalling.local(router), config.ws().maxMessageBytes(), new org.wlcy.classroom.gateway.metrics.GatewayMetrics()));
    }

    private static FullHttpRequest upgrade(String uri, String origin) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
        if (origin != null) {
            req.headers().set("Origin", origin);
        }
        return req;
    }

    private String token(Role role, Duration ttl) {
        return tokens.issue(new Identity(new UserId("u1"), "U", role, Set.of(new ClassroomId("c1")), "", "",
                Instant.EPOCH), ttl);
    }

    @Test
    void theGateAnswersRefusalsItselfWithTheErrorBody() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(upgrade("/ws?token=" + token(Role.TRAINEE, Duration.ofMinutes(-1)), "http://localhost:8080"));
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(401);
        JsonNode body = JSON.readTree(res.content().toString(StandardCharsets.UTF_8));
        assertThat(body.path("code").asInt()).isEqualTo(301);
        res.release();
        assertThat((Object) ch.readInbound()).as("a refused upgrade goes no further").isNull();
    }

    @Test
    void theGatePassesOtherPathsUntouchedAndStoresTheIdentityOnSuccess() {
        EmbeddedChannel ch = channel();
        FullHttpRequest page = upgrade("/trainee.html", null);
        ch.writeInbound(page);
        assertThat((Object) ch.readInbound()).isSameAs(page);
        page.release();

        FullHttpRequest ok = upgrade("/ws?token=" + token(Role.LECTURER, Duration.ofMinutes(5)), "http://127.0.0.1:8080");
        ch.writeInbound(ok);
        assertThat((Object) ch.readInbound()).isSameAs(ok);
        assertThat(ch.attr(WebSocketGate.IDENTITY).get().role()).isEqualTo(Role.LECTURER);
        ok.release();
    }

    @Test
    void theFrameHandlerRepliesToRequestsAndCodedErrors() throws Exception {
        EmbeddedChannel ch = channel();
        FullHttpRequest ok = upgrade("/ws?token=" + token(Role.TRAINEE, Duration.ofMinutes(5)), "http://127.0.0.1:8080");
        ch.writeInbound(ok);
        ch.readInbound();
        ok.release();
        ch.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete("/ws",
                ok.headers(), null));

        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\",\"requestId\":\"p1\"}"));
        assertThat(reply(ch).path("type").asText()).isEqualTo("ping.ok");
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"session.start\",\"requestId\":\"s1\"}"));
        assertThat(reply(ch).path("code").asInt()).isEqualTo(104);
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"class.join\",\"requestId\":\"j1\",\"classroomId\":\"c1\"}"));
        assertThat(reply(ch).path("type").asText()).isEqualTo("class.join.ok");
        ch.writeInbound(new TextWebSocketFrame("x".repeat(config.ws().maxMessageBytes() + 1)));
        assertThat(reply(ch).path("code").asInt()).isEqualTo(102);
        assertThat(ch.isActive()).isTrue();
    }

    private static JsonNode reply(EmbeddedChannel ch) throws Exception {
        TextWebSocketFrame frame = ch.readOutbound();
        try {
            return JSON.readTree(frame.text());
        } finally {
            frame.release();
        }
    }
}
