package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.participant.Identity;

/**
 * A group of REST endpoints under {@code /api/} that a module adds (e.g. videos, uploads, watch
 * progress). {@link HttpApiHandler} offers each request to the routes in order before its own.
 * Runs on the Netty event loop: anything that blocks (files, the trace store) goes to an executor,
 * which then writes the response. A thrown {@link org.wlcy.classroom.error.ClassroomException}
 * becomes a coded JSON error.
 */
public interface ApiRoute {
    /** Answers the request and returns true if the path is this route's, else returns false untouched. */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json);

    /** The caller's identity from {@code Authorization: Bearer <token>}; throws a coded error if absent or bad. */
    static Identity bearer(TokenService tokens, FullHttpRequest req) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null;
        return tokens.verify(token);
    }
}
