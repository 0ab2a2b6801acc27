package org.wlcy.classroom.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ProtocolCodec;

/**
 * The frame rate limit of one WebSocket, in front of Netty's WebSocket protocol handler so that it
 * sees every inbound frame (text, binary, ping, pong, continuation; close frames always pass).
 * Each frame takes a token from a bucket of {@code ws.frameBurst} refilled at
 * {@code ws.framesPerSecond}. A frame without a token is dropped: a text frame gets error
 * {@link ErrorCode#RATE_LIMITED} (with its {@code requestId} when one can be read cheaply).
 * {@link GatewayConfig.Ws#floodCloseAfter()} dropped frames since the bucket was last full (the
 * client never backed off long enough to refill it) close the connection with 1008 (policy
 * violation) and a logged reason: a flood at any rate above the limit ends there, while a client
 * that overshoots once and then keeps to the rate is never closed. One per connection, on its
 * event loop.
 */
final class FrameRateLimit extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRateLimit.class);
    /** WebSocket close code for a policy violation (RFC 6455 7.4.1). */
    static final int CLOSE_POLICY = 1008;
    static final String FLOOD_REASON = "frame flood";
    private final ProtocolCodec codec;
    private final TokenBucket bucket;
    private final int maxMessageBytes;
    private final int floodCloseAfter;
    private int refusedSinceFull;
    private boolean closing;

    FrameRateLimit(GatewayConfig.Ws ws, ProtocolCodec codec, LongSupplier nanoTime) {
        this.codec = codec;
        this.bucket = new TokenBucket(ws.frameBurst(), ws.framesPerSecond(), nanoTime);
        this.maxMessageBytes = ws.maxMessageBytes();
        this.floodCloseAfter = ws.floodCloseAfter();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || msg instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (bucket.isFull()) {
            refusedSinceFull = 0;
        }
        if (bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            refuse(ctx, frame);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketFrame frame) {
        refusedSinceFull++;
        if (refusedSinceFull >= floodCloseAfter) {
            closing = true;
            Identity who = ctx.channel().attr(WebSocketGate.IDENTITY).get();
            LOG.warn("closing WebSocket of {} from {} (1008 {}): {} frames refused over the rate limit",
                    who == null ? "?" : who.userId().value(), ctx.channel().remoteAddress(), FLOOD_REASON,
                    refusedSinceFull);
            ctx.writeAndFlush(new CloseWebSocketFrame(CLOSE_POLICY, FLOOD_REASON))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            String requestId = text.isFinalFragment() && text.content().readableBytes() <= maxMessageBytes
                    ? codec.peekRequestId(text.content().toString(StandardCharsets.UTF_8)) : null;
            long waitMillis = bucket.millisUntilNext();
            byte[] reply = codec.encodeUtf8(ErrorResponse.of(requestId, ErrorCode.RATE_LIMITED,
                    "too many frames on this connection; try again in " + waitMillis + " ms"));
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(reply)), ctx.voidPromise());
        }
    }

    /** A token bucket on an injected monotonic clock (nanoseconds). */
    static final class TokenBucket {
        private final double capacity;
        private final double perNano;
        private final LongSupplier nanoTime;
        private double tokens;
        private long last;

        TokenBucket(int capacity, double perSecond, LongSupplier nanoTime) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.nanoTime = nanoTime;
            this.tokens = capacity;
            this.last = nanoTime.getAsLong();
        }

        boolean tryTake() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        boolean isFull() {
            refill();
            return tokens >= capacity;
        }

        long millisUntilNext() {
            refill();
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1e6);
        }

        private void refill() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
