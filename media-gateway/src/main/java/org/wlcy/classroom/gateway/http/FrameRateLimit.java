package org.wlcy.classroom.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
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
 * sees every inbound frame. Each message (its text or binary frame, final or the first fragment)
 * and each ping and pong takes a token from a bucket of {@code ws.frameBurst} refilled at
 * {@code ws.framesPerSecond}; close frames always pass. A frame without a token is dropped: a text
 * frame gets error {@link ErrorCode#RATE_LIMITED} (with its {@code requestId} when its first bytes
 * hold one, {@link ProtocolCodec#peekRequestIdInPrefix}).
 *
 * <p>Messages stay whole: continuation fragments take no token (dropping one from the middle
 * could turn a message into a different valid one), the fragments of a refused message are dropped
 * with it, and a message of more than {@link #MAX_FRAGMENTS} continuation fragments closes the
 * connection (1008), so unfinished fragments cannot flood either.
 *
 * <p>{@link GatewayConfig.Ws#floodCloseAfter()} frames refused since the bucket was last full (the
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
    static final String FRAGMENTS_REASON = "too many fragments";
    /** How long a flooding connection is read (and dropped) after the close frame, before the socket closes. */
    static final long LINGER_MILLIS = 1000;
    /** Continuation fragments one message may have. */
    static final int MAX_FRAGMENTS = 64;
    private final ProtocolCodec codec;
    private final TokenBucket bucket;
    private final int floodCloseAfter;
    private int refusedSinceFull;
    private boolean closing;
    /** Continuation fragments of the message under way. */
    private int fragments;
    /** The message under way was refused: drop its fragments. */
    private boolean discarding;

    FrameRateLimit(GatewayConfig.Ws ws, ProtocolCodec codec, LongSupplier nanoTime) {
        this.codec = codec;
        this.bucket = new TokenBucket(ws.frameBurst(), ws.framesPerSecond(), nanoTime);
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
        if (frame instanceof ContinuationWebSocketFrame) {
            continuation(ctx, frame);
            return;
        }
        boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        if (data) {
            fragments = 0;
            discarding = false;
        }
        if (bucket.isFull()) {
            refusedSinceFull = 0;
        }
        if (bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (data && !frame.isFinalFragment()) {
            discarding = true;
        }
        try {
            refuse(ctx, frame);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void continuation(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (++fragments > MAX_FRAGMENTS) {
            ReferenceCountUtil.release(frame);
            close(ctx, FRAGMENTS_REASON, "a message of more than " + MAX_FRAGMENTS + " fragments");
            return;
        }
        if (discarding) {
            discarding = !frame.isFinalFragment();
            ReferenceCountUtil.release(frame);
            return;
        }
        ctx.fireChannelRead(frame);
    }

    private void close(ChannelHandlerContext ctx, String reason, String why) {
        closing = true;
        Identity who = ctx.channel().attr(WebSocketGate.IDENTITY).get();
        LOG.warn("closing WebSocket of {} from {} (1008 {}): {}", who == null ? "?" : who.userId().value(),
                ctx.channel().remoteAddress(), reason, why);
        // Half-close first and keep reading (and dropping) for a moment: closing a socket whose
        // peer is still flooding would reset it, and a reset can destroy the close frame in the
        // peer's receive buffer before it is read.
        // Through the whole pipeline (ctx.channel(), not ctx): past "ws-protocol", which lets one
        // close frame out per connection and refuses the client's answer to it being echoed.
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(CLOSE_POLICY, reason)).addListener(f -> {
            if (ctx.channel() instanceof SocketChannel socket && f.isSuccess()) {
                socket.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketFrame frame) {
        refusedSinceFull++;
        if (refusedSinceFull >= floodCloseAfter) {
            close(ctx, FLOOD_REASON, refusedSinceFull + " frames refused over the rate limit");
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            String requestId = SignalFrameHandler.peekRequestId(codec, text);
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
