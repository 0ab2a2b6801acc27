package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.ErrorResponse;

/** Writes JSON HTTP responses with the protocol's error shape (the code also in {@link #ERROR_CODE_HEADER}). */
public final class Json {
    /**
     * Every JSON error reply carries its protocol code in this header too, so the error counter
     * ({@link ErrorCodeCounter}) and a reverse proxy's access log see it without reading the body.
     */
    public static final String ERROR_CODE_HEADER = "X-Error-Code";
    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body) {
        send(ctx, req, response(status, body));
    }

    /** A JSON response, not yet sent (for handlers that decide the connection's fate themselves). */
    public FullHttpResponse response(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        Integer code = errorCode(body);
        if (code != null) {
            res.headers().set(ERROR_CODE_HEADER, code);
        }
        HttpUtil.setContentLength(res, bytes.length);
        return res;
    }

    /** The protocol error code of an error body (an {@link ErrorResponse} or a map of the same shape), else null. */
    private static Integer errorCode(Object body) {
        if (body instanceof ErrorResponse e) {
            return e.code();
        }
        if (body instanceof java.util.Map<?, ?> m && "error".equals(m.get("type")) && m.get("code") instanceof Integer c) {
            return c;
        }
        return null;
    }

    public void error(ChannelHandlerContext ctx, FullHttpRequest req, ErrorCode code, String message) {
        write(ctx, req, statusOf(code), ErrorResponse.of(null, code, message));
    }

    public static HttpResponseStatus statusOf(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED, TOKEN_EXPIRED, PARTNER_KEY_INVALID, PARTNER_KEY_REVOKED -> HttpResponseStatus.UNAUTHORIZED;
            case ORIGIN_FORBIDDEN, NOT_A_MEMBER, ROLE_FORBIDDEN, PARTNER_SCOPE_MISSING -> HttpResponseStatus.FORBIDDEN;
            case CLASS_NOT_FOUND, STREAM_NOT_FOUND, SUBSCRIPTION_NOT_FOUND, TRAINEE_NOT_FOUND, CLASS_RECORD_NOT_FOUND,
                 PARTNER_CLASS_NOT_FOUND, PARTNER_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case RATE_LIMITED, TOO_MANY_CONNECTIONS, TOO_MANY_FAILED_UPGRADES -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case MEDIA_UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    public static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        res.headers().set("X-Content-Type-Options", "nosniff");
        boolean keepAlive = req != null && HttpUtil.isKeepAlive(req) && res.status().code() < 400;
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
