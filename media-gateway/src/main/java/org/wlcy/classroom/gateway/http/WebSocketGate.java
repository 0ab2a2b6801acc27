package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.AuthException;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;

/**
 * Checks the upgrade request to {@code /ws} before Netty's handshake: the {@code Origin} against
 * the allowlist (a non-browser client without Origin passes; its token still must), then the token
 * from {@code ?token=}. A refusal is an HTTP error with the protocol's error body; a pass stores the
 * {@link Identity} on the channel for {@link SignalFrameHandler}.
 */
@ChannelHandler.Sharable
final class WebSocketGate extends ChannelInboundHandlerAdapter {
    static final AttributeKey<Identity> IDENTITY = AttributeKey.valueOf("classroom.identity");
    private final GatewayConfig.Http http;
    private final TokenService tokens;
    private final Json json;

    WebSocketGate(GatewayConfig.Http http, TokenService tokens, Json json) {
        this.http = http;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !isWebSocketPath(req.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !http.allowsOrigin(origin)) {
                throw new AuthException(ErrorCode.ORIGIN_FORBIDDEN, "pages from " + origin + " may not connect");
            }
            List<String> token = new QueryStringDecoder(req.uri()).parameters().get("token");
            Identity who = tokens.verify(token == null || token.isEmpty() ? null : token.get(0));
            ctx.channel().attr(IDENTITY).set(who);
            ctx.fireChannelRead(msg);
        } catch (AuthException e) {
            try {
                json.error(ctx, req, e.code(), e.getMessage());
            } finally {
                ReferenceCountUtil.release(req);
            }
        }
    }

    static boolean isWebSocketPath(String uri) {
        return uri.equals("/ws") || uri.startsWith("/ws?");
    }
}
