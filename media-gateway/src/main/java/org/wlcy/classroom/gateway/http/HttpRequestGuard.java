package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.ErrorResponse;

/**
 * The first line of defence of every TCP connection, right behind the HTTP decoder (before the
 * aggregator, so that a streamed upload's body is not on the clock):
 * <ul>
 *   <li>the head of the first HTTP request (request line and headers; for the WebSocket upgrade,
 *       the whole request) must arrive within {@code ws.handshakeTimeoutMillis} of connecting,
 *       else the connection is closed without a reply (a slow-loris sender that trickles a byte at
 *       a time is never idle, so the idle timeout alone would not end it); the guard steps aside
 *       once that head is in (the WebSocket handshake has its own timeout of the same length);</li>
 *   <li>a request the HTTP decoder could not read (not HTTP at all, a header or request line over
 *       Netty's limits) gets 400 {@link ErrorCode#MALFORMED} or 431/414 {@link ErrorCode#TOO_LARGE}
 *       and the connection is closed.</li>
 * </ul>
 * One per connection.
 */
final class HttpRequestGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestGuard.class);
    private final long timeoutMillis;
    private final Json json;
    private ScheduledFuture<?> deadline;
    private boolean firstRequestIn;
    /** An unreadable request was answered; the connection is closing. */
    private boolean refused;

    HttpRequestGuard(long timeoutMillis, Json json) {
        this.timeoutMillis = timeoutMillis;
        this.json = json;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (deadline == null && !firstRequestIn) {
            deadline = ctx.executor().schedule(() -> {
                if (!firstRequestIn && ctx.channel().isActive()) {
                    LOG.info("closing {}: no whole HTTP request within {} ms", ctx.channel().remoteAddress(),
                            timeoutMillis);
                    ctx.close();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            refused = true;
            try {
                refuse(ctx, result.cause());
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!firstRequestIn) {
            firstRequestIn = true;
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        firstRequestIn = true;
        cancel();
        ErrorCode code = cause instanceof TooLongFrameException ? ErrorCode.TOO_LARGE : ErrorCode.MALFORMED;
        HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        LOG.debug("refusing an unreadable HTTP request from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        // the request is the decoder's placeholder; Json.send closes the connection after an error status
        json.write(ctx, null, status, ErrorResponse.of(null, code, code == ErrorCode.TOO_LARGE
                ? "request line or headers over the limit" : "not an HTTP request"));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            cancel();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
