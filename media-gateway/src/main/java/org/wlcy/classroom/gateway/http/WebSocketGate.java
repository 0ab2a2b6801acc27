package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.AuthException;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;

/**
 * Checks the upgrade request to {@code /ws} before Netty's handshake: the {@code Origin} against
 * the allowlist (an upgrade without Origin, which no browser makes, only with
 * {@code http.allowMissingOrigin}), then the token from {@code ?token=}. A refusal is an HTTP error with the protocol's error body; a pass stores the
 * {@link Identity} on the channel for {@link SignalFrameHandler}.
 */
@ChannelHandler.Sharable
final class WebSocketGate extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGate.class);
    static final AttributeKey<Identity> IDENTITY = AttributeKey.valueOf("classroom.identity");
    private final GatewayConfig.Http http;
    private final TokenService tokens;
    private final Json json;
    private final ConnectionLimits connections;
    private final FailedUpgrades failures;

    WebSocketGate(GatewayConfig.Http http, TokenService tokens, Json json) {
        this(http, tokens, json, new ConnectionLimits(Integer.MAX_VALUE),
                new FailedUpgrades(Integer.MAX_VALUE, System::nanoTime));
    }

    /**
     * With the hostile-input limits: a user's open sockets ({@link ConnectionLimits}, refused with
     * 429 and {@link ErrorCode#TOO_MANY_CONNECTIONS}) and each address's failed upgrades
     * ({@link FailedUpgrades}: over the limit a failure is answered 429
     * {@link ErrorCode#TOO_MANY_FAILED_UPGRADES} instead of 401/403). Both answers close the TCP connection.
     */
    WebSocketGate(GatewayConfig.Http http, TokenService tokens, Json json, ConnectionLimits connections,
                  FailedUpgrades failures) {
        this.http = http;
        this.tokens = tokens;
        this.json = json;
        this.connections = connections;
        this.failures = failures;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !isWebSocketPath(req.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (origin == null && !http.allowMissingOrigin()) {
                throw new AuthException(ErrorCode.ORIGIN_FORBIDDEN, "an upgrade without an Origin header is refused "
                        + "(browsers send one; for other clients see http.allowMissingOrigin)");
            }
            if (origin != null && !http.allowsOrigin(origin)) {
                throw new AuthException(ErrorCode.ORIGIN_FORBIDDEN, "pages from " + origin + " may not connect");
            }
            List<String> token = new QueryStringDecoder(req.uri()).parameters().get("token");
            Identity who = tokens.verify(token == null || token.isEmpty() ? null : token.get(0));
            if (!connections.tryOpen(who.userId(), ctx.channel())) {
                LOG.info("refusing a WebSocket of {} from {}: {} open already", who.userId().value(),
                        ctx.channel().remoteAddress(), connections.maxPerUser());
                try {
                    json.error(ctx, req, ErrorCode.TOO_MANY_CONNECTIONS, "you have " + connections.maxPerUser()
                            + " connections open already; close another page of this classroom first");
                } finally {
                    ReferenceCountUtil.release(req);
                }
                return;
            }
            ctx.channel().attr(IDENTITY).set(who);
            ctx.fireChannelRead(msg);
        } catch (AuthException e) {
            try {
                InetAddress from = addressOf(ctx);
                if (from != null && !failures.allowed(from)) {
                    json.error(ctx, req, ErrorCode.TOO_MANY_FAILED_UPGRADES,
                            "too many refused connection attempts from your address; wait a minute");
                } else {
                    if (from != null) {
                        failures.failed(from);
                    }
                    json.error(ctx, req, e.code(), e.getMessage());
                }
            } finally {
                ReferenceCountUtil.release(req);
            }
        }
    }

    private static InetAddress addressOf(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    static boolean isWebSocketPath(String uri) {
        return uri.equals("/ws") || uri.startsWith("/ws?");
    }
}
