package org.wlcy.classroom.gateway.exchange.partner;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.PartnerRegistry;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;

/**
 * The partner API: {@code GET /api/v1/...} with a partner key ({@code Authorization: Bearer
 * wlcy_pk_…} or {@code X-Api-Key}), each endpoint of {@link V1Endpoints} checked for its scope;
 * and {@code GET /api/openapi.json}, the OpenAPI 3 document that describes it (no key needed).
 * The key is checked first, so nothing about the API's paths is told without one.
 */
final class PartnerApi implements ApiRoute {
    static final String OPENAPI_PATH = "/api/openapi.json";
    static final String OPENAPI_RESOURCE = "/org/wlcy/classroom/gateway/exchange/partner/openapi.json";
    private static final String PREFIX = "/api/v1/";
    private final PartnerRegistry registry;
    private final List<V1Endpoint> endpoints;
    private final Executor blocking;
    private final byte[] openApi;

    PartnerApi(PartnerRegistry registry, List<V1Endpoint> endpoints, Executor blocking) {
        this.registry = registry;
        this.endpoints = List.copyOf(endpoints);
        this.blocking = blocking;
        this.openApi = openApiDocument();
    }

    static byte[] openApiDocument() {
        try (var in = PartnerApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        if (path.equals(OPENAPI_PATH) && req.method().equals(HttpMethod.GET)) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(openApi));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            Json.send(ctx, req, res);
            return true;
        }
        if (!path.startsWith(PREFIX) && !path.equals("/api/v1")) {
            return false;
        }
        try {
            Partner partner = registry.authenticate(PartnerHttp.presentedKey(req));
            if (!req.method().equals(HttpMethod.GET)) {
                json.write(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, PartnerHttp.errorBody(ErrorCode.MALFORMED,
                        "the partner API v1 is read-only: use GET"));
                return true;
            }
            for (V1Endpoint e : endpoints) {
                Optional<Map<String, String>> params = e.match(path);
                if (params.isPresent()) {
                    partner.require(e.scope());
                    QueryStringDecoder query = new QueryStringDecoder(req.uri());
                    PartnerHttp.run(ctx, req, json, blocking, e.template(), () -> json.write(ctx, req,
                            HttpResponseStatus.OK, e.answer().answer(partner, params.get(), query)));
                    return true;
                }
            }
            json.write(ctx, req, HttpResponseStatus.NOT_FOUND,
                    Map.of("type", "error", "message", "no API GET " + path + "; see " + OPENAPI_PATH));
        } catch (ClassroomException e) {
            PartnerHttp.error(ctx, req, json, e.code(), e.getMessage());
        }
        return true;
    }
}
