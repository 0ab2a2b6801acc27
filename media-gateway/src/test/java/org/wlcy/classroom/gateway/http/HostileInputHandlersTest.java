package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ProtocolCodec;

/** The hostile-input handlers alone, in {@link EmbeddedChannel}s with a hand-moved clock. */
class HostileInputHandlersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private GatewayConfig.Ws ws(int perSecond, int burst) {
        return GatewayConfig.load(Map.of(), List.of("--http.port=8080", "--ws.framesPerSecond=" + perSecond,
                "--ws.frameBurst=" + burst)).ws();
    }

    private EmbeddedChannel limited(int perSecond, int burst) {
        return new EmbeddedChannel(new FrameRateLimit(ws(perSecond, burst), codec, nanos::get));
    }

    private static TextWebSocketFrame text(String s) {
        return new TextWebSocketFrame(s);
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static int passed(EmbeddedChannel ch) {
        int n = 0;
        for (Object m; (m = ch.readInbound()) != null; n++) {
            ((WebSocketFrame) m).release();
        }
        return n;
    }

    @Test
    void framesWithinTheBurstPassAndTheNextGetsRateLimitedWithItsRequestId() throws Exception {
        EmbeddedChannel ch = limited(1, 3);
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(text("{\"type\":\"ping\",\"requestId\":\"p" + i + "\"}"));
        }
        assertThat(passed(ch)).isEqualTo(3);

        ch.writeInbound(text("{\"type\":\"ping\",\"requestId\":\"over\"}"));
        assertThat(passed(ch)).isZero();
        TextWebSocketFrame reply = ch.readOutbound();
        JsonNode error = JSON.readTree(reply.text());
        reply.release();
        assertThat(error.path("code").asInt()).isEqualTo(106);
        assertThat(error.path("requestId").asText()).isEqualTo("over");
        assertThat(error.path("message").asText()).contains("1000 ms");

        advanceMillis(1000);
        ch.writeInbound(text("{\"type\":\"ping\",\"requestId\":\"later\"}"));
        assertThat(passed(ch)).as("a token came back after a second").isEqualTo(1);
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void controlFramesCountButCloseFramesAlwaysPass() {
        EmbeddedChannel ch = limited(1, 2);
        ch.writeInbound(new PingWebSocketFrame());
        ch.writeInbound(new PingWebSocketFrame());
        ch.writeInbound(new PingWebSocketFrame());
        assertThat(passed(ch)).isEqualTo(2);
        assertThat((Object) ch.readOutbound()).as("no error reply for a control frame").isNull();
        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertThat(passed(ch)).isEqualTo(1);
    }

    @Test
    void continuationFragmentsTakeNoTokenSoAMessageNeverLosesItsMiddle() {
        EmbeddedChannel ch = limited(1, 1);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("{\"type\":", StandardCharsets.UTF_8)));
        for (int i = 0; i < 5; i++) {
            ch.writeInbound(new ContinuationWebSocketFrame(i == 4, 0, Unpooled.copiedBuffer(" ", StandardCharsets.UTF_8)));
        }
        assertThat(passed(ch)).as("the start and all five fragments").isEqualTo(6);
        ch.writeInbound(text("{}"));
        assertThat(passed(ch)).as("the next message finds the bucket empty").isZero();
    }

    @Test
    void aRefusedMessageLosesAllItsFragmentsAndTheNextMessageIsWhole() {
        EmbeddedChannel ch = limited(1, 1);
        ch.writeInbound(text("{}"));
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("{\"type\":", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("\"ping\",", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("\"requestId\":\"a\"}",
                StandardCharsets.UTF_8)));
        assertThat(passed(ch)).as("only the first message").isEqualTo(1);
        TextWebSocketFrame error = ch.readOutbound();
        assertThat(error.text()).contains("\"code\":106");
        error.release();
        advanceMillis(1000);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("{", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("}", StandardCharsets.UTF_8)));
        assertThat(passed(ch)).isEqualTo(2);
    }

    @Test
    void aMessageOfTooManyFragmentsIsClosedWith1008() {
        EmbeddedChannel ch = limited(1, 10);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("{", StandardCharsets.UTF_8)));
        for (int i = 0; i <= FrameRateLimit.MAX_FRAGMENTS; i++) {
            ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer(" ", StandardCharsets.UTF_8)));
        }
        assertThat(passed(ch)).isEqualTo(1 + FrameRateLimit.MAX_FRAGMENTS);
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1008);
        assertThat(close.reasonText()).isEqualTo("too many fragments");
        close.release();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aFloodIsClosedWith1008AfterThreeTimesTheBurstRefused() {
        EmbeddedChannel ch = limited(1, 3);
        for (int i = 0; i < 3 + 3 * 3; i++) {
            ch.writeInbound(text("{}"));
        }
        assertThat(passed(ch)).isEqualTo(3);
        int errors = 0;
        CloseWebSocketFrame close = null;
        for (Object m; (m = ch.readOutbound()) != null; ) {
            if (m instanceof CloseWebSocketFrame c) {
                close = c;
            } else {
                errors++;
                ((WebSocketFrame) m).release();
            }
        }
        assertThat(errors).isEqualTo(3 * 3 - 1);
        assertThat(close).isNotNull();
        assertThat(close.statusCode()).isEqualTo(1008);
        assertThat(close.reasonText()).isEqualTo("frame flood");
        close.release();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aClientThatOvershootsOnceAndThenKeepsToTheRateIsNeverClosed() {
        EmbeddedChannel ch = limited(2, 3);
        for (int i = 0; i < 3 + 8; i++) {
            ch.writeInbound(text("{}"));
        }
        assertThat(passed(ch)).isEqualTo(3);
        for (int i = 0; i < 1000; i++) {
            advanceMillis(500);
            ch.writeInbound(text("{}"));
        }
        assertThat(passed(ch)).isEqualTo(1000);
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void aSlowButSteadyFloodIsClosedToo() {
        EmbeddedChannel ch = limited(10, 5);
        int sent = 0;
        while (ch.isActive() && sent < 10_000) {
            advanceMillis(50); // 20 frames a second against 10 allowed
            ch.writeInbound(text("{}"));
            sent++;
        }
        assertThat(ch.isActive()).isFalse();
        assertThat(sent).isLessThan(100);
    }

    @Test
    void connectionsPerUserAreCountedUntilTheyClose() {
        ConnectionLimits limits = new ConnectionLimits(2);
        UserId u = new UserId("l01");
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        assertThat(limits.tryOpen(u, a)).isTrue();
        assertThat(limits.tryOpen(u, a)).as("a channel counts once").isTrue();
        assertThat(limits.tryOpen(u, b)).isTrue();
        assertThat(limits.tryOpen(u, c)).isFalse();
        assertThat(limits.tryOpen(new UserId("t01"), c)).as("another user").isTrue();
        a.close();
        assertThat(limits.openFor(u)).isEqualTo(1);
        EmbeddedChannel d = new EmbeddedChannel();
        assertThat(limits.tryOpen(u, d)).isTrue();
    }

    @Test
    void failedUpgradesPerAddressRunOutAndComeBackOverAMinute() throws Exception {
        FailedUpgrades failures = new FailedUpgrades(3, nanos::get);
        var ip = java.net.InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 3; i++) {
            assertThat(failures.allowed(ip)).isTrue();
            failures.failed(ip);
        }
        assertThat(failures.allowed(ip)).isFalse();
        assertThat(failures.allowed(java.net.InetAddress.getByName("192.0.2.8"))).isTrue();
        advanceMillis(20_000);
        assertThat(failures.allowed(ip)).as("one failure back after a third of a minute").isTrue();
    }

    @Test
    void aConnectionWithoutAWholeRequestInTimeIsClosed() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestGuard(1000, new Json(codec.mapper())));
        ch.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aRequestInTimeDisarmsTheDeadline() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestGuard(1000, new Json(codec.mapper())));
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/health"));
        FullHttpRequest passed = ch.readInbound();
        passed.release();
        ch.advanceTimeBy(5, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void theHeadOfARequestDisarmsTheDeadlineSoASlowUploadBodyIsNotCut() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestGuard(1000, new Json(codec.mapper())));
        ch.writeInbound(new io.netty.handler.codec.http.DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/api/videos/v1/upload"));
        assertThat((Object) ch.readInbound()).isNotNull();
        ch.advanceTimeBy(30, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void anUnreadableRequestGetsACodedErrorAndTheConnectionCloses() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestGuard(1000, new Json(codec.mapper())));
        FullHttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request",
                Unpooled.EMPTY_BUFFER);
        bad.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("header too long")));
        ch.writeInbound(bad);
        assertThat((Object) ch.readInbound()).isNull();
        FullHttpResponse res = ch.readOutbound();
        assertThat(res.status().code()).isEqualTo(431);
        assertThat(JSON.readTree(res.content().toString(StandardCharsets.UTF_8)).path("code").asInt()).isEqualTo(102);
        res.release();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void theLimitsHaveDocumentedDefaultsAndAreChecked() {
        GatewayConfig.Ws ws = GatewayConfig.load(Map.of(), List.of("--http.port=8080")).ws();
        assertThat(List.of(ws.framesPerSecond(), ws.frameBurst(), ws.floodCloseAfter(), ws.maxConnectionsPerUser(),
                ws.handshakeTimeoutMillis(), ws.failedUpgradesPerMinute())).containsExactly(30, 100, 300, 3, 10_000, 60);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of(
                        "--http.port=8080", "--ws.frameBurst=0", "--ws.maxConnectionsPerUser=0")))
                .isInstanceOf(org.wlcy.classroom.gateway.config.ConfigException.class)
                .hasMessageContaining("ws.frameBurst").hasMessageContaining("ws.maxConnectionsPerUser");
    }
}
