package org.wlcy.classroom.gateway.exchange.partner;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.http.Json;

/**
 * What the partner endpoints share: the key from the request, the coded error body and its HTTP
 * status (270/271 401 with {@code WWW-Authenticate}, 272 403, 273/274 404), and running a request
 * on the blocking executor. The key is never logged nor echoed.
 */
final class PartnerHttp {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerHttp.class);

    private PartnerHttp() {
    }

    /** {@code Authorization: Bearer <key>}, else {@code X-Api-Key}, else null. */
    static String presentedKey(FullHttpRequest req) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String key = req.headers().get("X-Api-Key");
        return key == null ? null : key.strip();
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case PARTNER_KEY_INVALID, PARTNER_KEY_REVOKED -> HttpResponseStatus.UNAUTHORIZED;
            case PARTNER_SCOPE_MISSING -> HttpResponseStatus.FORBIDDEN;
            case PARTNER_CLASS_NOT_FOUND, PARTNER_NOT_FOUND, CLASS_RECORD_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            default -> Json.statusOf(code);
        };
    }

    static Map<String, Object> errorBody(ErrorCode code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("code", code.code());
        body.put("error", code.name());
        body.put("message", message);
        return body;
    }

    static void error(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ErrorCode code, String message) {
        FullHttpResponse res = json.response(status(code), errorBody(code, message));
        if (code == ErrorCode.PARTNER_KEY_INVALID || code == ErrorCode.PARTNER_KEY_REVOKED) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"partner-api\"");
        }
        Json.send(ctx, req, res);
    }

    /** Runs {@code work} on {@code executor}; its coded errors become replies, the rest 500 (logged without the request's headers). */
    static void run(ChannelHandlerContext ctx, FullHttpRequest req, Json json, Executor executor, String what,
                    Runnable work) {
        req.retain();
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (ClassroomException e) {
                    error(ctx, req, json, e.code(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("partner request {} failed", what, e);
                    error(ctx, req, json, ErrorCode.INTERNAL, "internal error; nothing was changed");
                } finally {
                    req.release();
                }
            });
        } catch (RejectedExecutionException e) {
            req.release();
            error(ctx, req, json, ErrorCode.INTERNAL, "the server is shutting down");
        }
    }
}
