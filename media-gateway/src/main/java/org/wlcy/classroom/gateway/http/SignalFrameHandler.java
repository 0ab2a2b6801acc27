package org.wlcy.classroom.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.ClientConnection;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ProtocolCodec;

/**
 * The thin frame handler of one signalling connection: decode, hand to the router, reply with a
 * coded error for frames that cannot be read. No business logic. One instance per connection.
 */
final class SignalFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalFrameHandler.class);
    private final GatewayMetrics metrics;
    private final ProtocolCodec codec;
    private final Signalling router;
    private final int maxMessageBytes;
    private ClientConnection connection;
    private boolean closeRequested;

    SignalFrameHandler(ProtocolCodec codec, Signalling router, int maxMessageBytes, GatewayMetrics metrics) {
        super(WebSocketFrame.class, false);
        this.metrics = metrics;
        this.codec = codec;
        this.router = router;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            var who = ctx.channel().attr(WebSocketGate.IDENTITY).get();
            // HTTP is over on this connection: every frame written would still pass the REST error
            // counter (an outbound handler) on its way out (issue J).
            if (ctx.pipeline().get("http-errors") != null) {
                ctx.pipeline().remove("http-errors");
            }
            connection = new ClientConnection(who, new NettyParticipantChannel(ctx.channel(), codec, metrics));
            metrics.connectionOpened();
            LOG.debug("connected {} ({})", who.userId(), who.role().wire());
        } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            // Nothing read for half the idle timeout: ping (a browser's pong is a read). Nothing
            // read for the second half too (the event is not the first since the last read): close.
            if (idle.isFirst()) {
                if (connection != null) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
                return;
            }
            LOG.info("closing silent connection {}", connection == null ? "" : connection.identity().userId());
            if (connection != null) {
                connection.channel().close(LeaveReason.SIGNAL_TIMEOUT);
            } else {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            if (connection == null) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                metrics.messageIn();
                if (text.content().readableBytes() > maxMessageBytes) {
                    connection.channel().send(ErrorResponse.of(peekRequestId(codec, text), ErrorCode.TOO_LARGE,
                            "message of " + text.content().readableBytes() + " bytes is over the limit of "
                                    + maxMessageBytes));
                    return;
                }
                long read = System.nanoTime();
                String body = text.content().toString(StandardCharsets.UTF_8);
                try {
                    ClientMessage decoded = codec.decode(body);
                    StageTimes.since(Stage.DECODE, read);
                    router.route(connection, decoded);
                } catch (ProtocolCodec.DecodeException e) {
                    connection.channel().send(ErrorResponse.of(e.requestId(), e.code(), e.getMessage()));
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                connection.channel().send(ErrorResponse.of(null, ErrorCode.MALFORMED,
                        "binary frames are not part of the protocol; send JSON text"));
            } else if (frame instanceof CloseWebSocketFrame close) {
                // The client's close: answered with one close frame, or, when the server sent its
                // own already (this is the client's answer to it), refused by "ws-protocol"; either
                // way both sides have sent theirs and the connection ends.
                closeRequested = true;
                int status = close.statusCode() == -1 ? 1000 : close.statusCode();
                closeWith(ctx, status, "");
            }
        } finally {
            frame.release();
        }
    }

    /**
     * The {@code requestId} of a text frame (or of a message's first fragment) that will not be
     * decoded, from its first {@link ProtocolCodec#PEEK_PREFIX_BYTES} bytes at most.
     */
    static String peekRequestId(ProtocolCodec codec, TextWebSocketFrame text) {
        ByteBuf content = text.content();
        byte[] prefix = new byte[Math.min(content.readableBytes(), ProtocolCodec.PEEK_PREFIX_BYTES)];
        content.getBytes(content.readerIndex(), prefix);
        return codec.peekRequestIdInPrefix(prefix, prefix.length);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            metrics.connectionClosed();
            router.closed(connection, closeRequested ? LeaveReason.CLIENT_REQUEST : LeaveReason.SIGNAL_TIMEOUT);
        }
        super.channelInactive(ctx);
    }

    /**
     * A frame Netty refused (its decoder, the UTF-8 validator, the aggregator) closes the connection
     * with the code that says why, in the one close frame the connection gets (docs/adr/0013).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        if (ctx.channel().isActive() && cause instanceof CorruptedWebSocketFrameException bad) {
            // over ws.hardFrameLimitBytes in one frame (1009), invalid UTF-8 (1007), not WebSocket (1002)
            WebSocketCloseStatus status = bad.closeStatus();
            closeWith(ctx, status.code(), status.code() == 1009 ? "message too big" : status.reasonText());
            return;
        }
        if (ctx.channel().isActive() && cause instanceof io.netty.handler.codec.TooLongFrameException) {
            // a fragmented message grew past ws.hardFrameLimitBytes: say so (1009), as for one big frame
            closeWith(ctx, 1009, "message too big");
            return;
        }
        ctx.close();
    }

    private static void closeWith(ChannelHandlerContext ctx, int code, String reason) {
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }
}
