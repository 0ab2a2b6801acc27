package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.gateway.dev.DemoClass;
import org.wlcy.classroom.media.MediaServer;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClassMessages.ClassroomView;
import org.wlcy.classroom.protocol.MessageTypes;
import org.wlcy.classroom.session.Classrooms;

/**
 * Plain HTTP: probes ({@code /healthz}, {@code /readyz}), REST under {@code /api}, and the pages.
 * Every handler is quick and non-blocking (no I/O beyond in-memory state).
 */
@ChannelHandler.Sharable
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    private final GatewayConfig config;
    private final TokenService tokens;
    private final MediaServer media;
    private final Classrooms classrooms;
    private final ObjectMapper mapper;
    private final Json json;
    private final StaticFiles pages;
    private final RegulatorApi regulator;
    private final java.util.List<ApiRoute> routes;
    /** Redis answers (several nodes), or null for one node. */
    private final java.util.function.BooleanSupplier clusterUp;
    /** How many stored trace records are set aside (held as placeholders). */
    private final java.util.function.IntSupplier traceSetAside;
    private final GatewayMetrics metrics;

    HttpApiHandler(GatewayConfig config, TokenService tokens, MediaServer media, Classrooms classrooms,
                   ObjectMapper mapper, Json json, StaticFiles pages, RegulatorApi regulator,
                   java.util.List<ApiRoute> routes, java.util.function.BooleanSupplier clusterUp,
                   java.util.function.IntSupplier traceSetAside, GatewayMetrics metrics) {
        this.config = config;
        this.tokens = tokens;
        this.media = media;
        this.classrooms = classrooms;
        this.mapper = mapper;
        this.json = json;
        this.pages = pages;
        this.regulator = regulator;
        this.routes = java.util.List.copyOf(routes);
        this.clusterUp = clusterUp;
        this.traceSetAside = traceSetAside;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        HttpMethod method = req.method();
        try {
            if (method.equals(HttpMethod.GET) && path.equals("/healthz")) {
                json.write(ctx, req, HttpResponseStatus.OK, Map.of("status", "alive"));
            } else if (method.equals(HttpMethod.GET) && path.equals("/readyz")) {
                Readiness ready = readiness();
                json.write(ctx, req, ready.status(), ready.body());
            } else if (method.equals(HttpMethod.GET) && path.equals("/metrics")) {
                metrics(ctx, req);
            } else if (path.startsWith("/api/") && offerToRoutes(ctx, req, path)) {
                return; // a module's route answered (the regulator desk's results among them)
            } else if (RegulatorApi.handles(path)) {
                regulator.handle(ctx, req, path);
            } else if (path.startsWith("/api/")) {
                api(ctx, req, method, path);
            } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                pages.get(path).ifPresentOrElse(res -> Json.send(ctx, req, res),
                        () -> json.write(ctx, req, HttpResponseStatus.NOT_FOUND,
                                Map.of("type", "error", "message", "no page " + path)));
            } else {
                json.write(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED,
                        Map.of("type", "error", "message", method + " is not allowed on " + path));
            }
        } catch (ClassroomException e) {
            json.error(ctx, req, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("HTTP {} {} failed", method, path, e);
            json.error(ctx, req, ErrorCode.INTERNAL, "internal error");
        }
    }

    /**
     * Prometheus' text format, for a scraper on this host (a loopback peer) or anyone with an admin
     * token: the numbers say how many classes and people are live, which is not for the public.
     */
    private void metrics(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean local = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a
                && a.getAddress() != null && a.getAddress().isLoopbackAddress();
        if (!local && bearer(req).role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "metrics are for this host's scraper or an admin");
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        io.netty.handler.codec.http.FullHttpResponse res = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                req.protocolVersion(), HttpResponseStatus.OK, io.netty.buffer.Unpooled.wrappedBuffer(body));
        res.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    private boolean offerToRoutes(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        for (ApiRoute route : routes) {
            if (route.handle(ctx, req, path, json)) {
                return true;
            }
        }
        return false;
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest req, HttpMethod method, String path) {
        boolean get = method.equals(HttpMethod.GET);
        if (get && path.equals("/api/config")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("protocolVersion", MessageTypes.PROTOCOL_VERSION);
            body.put("iceServers", readJson(config.ice().clientIceServersJson()));
            body.put("maxMessageBytes", config.ws().maxMessageBytes());
            json.write(ctx, req, HttpResponseStatus.OK, body);
        } else if (get && path.equals("/api/whoami")) {
            Identity who = bearer(req);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", who.userId());
            body.put("displayName", who.displayName());
            body.put("role", who.role());
            body.put("classes", who.classes());
            body.put("institution", who.institution());
            body.put("region", who.region());
            body.put("expiresAt", who.expiresAt());
            json.write(ctx, req, HttpResponseStatus.OK, body);
        } else if (get && path.startsWith("/api/classes/")) {
            Identity who = bearer(req);
            ClassroomId id = classroomId(path.substring("/api/classes/".length()));
            if (!who.mayEnter(id)) {
                throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + id);
            }
            var live = classrooms.find(id).orElseThrow(
                    () -> new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no class " + id));
            json.write(ctx, req, HttpResponseStatus.OK, ClassroomView.of(live.classroom()));
        } else if (config.auth().devMode() && get && path.equals("/api/dev/demo")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("classroom", ClassroomView.of(DemoClass.CLASSROOM));
            body.put("people", DemoClass.people(tokens, config.http().publicUrl(),
                    Duration.ofSeconds(config.auth().devTokenTtlSeconds())));
            json.write(ctx, req, HttpResponseStatus.OK, body);
        } else if (config.auth().devMode() && method.equals(HttpMethod.POST) && path.equals("/api/dev/tokens")) {
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("token", devToken(req)));
        } else {
            json.write(ctx, req, HttpResponseStatus.NOT_FOUND,
                    Map.of("type", "error", "message", "no API " + method + " " + path));
        }
    }

    private record Readiness(HttpResponseStatus status, Map<String, Object> body) {
    }

    /**
     * Not ready without media. Without Redis a node is degraded but stays in service: it runs its
     * own clients' classes by itself until Redis is back (docs/adr/0016). Stored trace records set
     * aside at start-up or since (docs/trace-bundle.md §3.1) also make it degraded, in service: the
     * operator should look at the log lines that name them.
     */
    private Readiness readiness() {
        boolean up = media.isAvailable();
        Map<String, Object> body = new LinkedHashMap<>();
        boolean redis = clusterUp == null || clusterUp.getAsBoolean();
        int setAside = traceSetAside.getAsInt();
        body.put("status", !up ? "not-ready" : redis && setAside == 0 ? "ready" : "degraded");
        body.put("media", up ? "up" : "down");
        if (clusterUp != null) {
            body.put("redis", redis ? "up" : "down");
        }
        if (setAside > 0) {
            body.put("trace", "degraded");
            body.put("traceSetAside", setAside);
        }
        return new Readiness(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private Identity bearer(FullHttpRequest req) {
        return ApiRoute.bearer(tokens, req);
    }

    private String devToken(FullHttpRequest req) {
        JsonNode body;
        try {
            body = mapper.readTree(req.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClassroomException(ErrorCode.MALFORMED, "body must be JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ClassroomException(ErrorCode.MALFORMED, "body must be a JSON object");
        }
        org.wlcy.classroom.protocol.WireValues.check(body);
        if (body.has("ttlSeconds") && !body.get("ttlSeconds").isIntegralNumber()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "ttlSeconds must be a whole number");
        }
        try {
            String sub = body.path("sub").asText(null);
            Role role = Role.fromWire(body.path("role").asText(null));
            Set<ClassroomId> classes = new LinkedHashSet<>();
            body.path("classes").forEach(c -> classes.add(new ClassroomId(c.asText())));
            long ttl = body.path("ttlSeconds").asLong(config.auth().devTokenTtlSeconds());
            if (ttl < -86400 || ttl > 30L * 24 * 3600) {
                throw new IllegalArgumentException("ttlSeconds out of range");
            }
            Identity who = new Identity(new UserId(sub), body.path("name").asText(sub), role, classes,
                    body.path("inst").asText(""), body.path("region").asText(""), java.time.Instant.EPOCH);
            return tokens.issue(who, Duration.ofSeconds(ttl));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "bad token request: " + e.getMessage());
        }
    }

    private JsonNode readJson(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("ice.clientIceServers is not JSON", e);
        }
    }

    private static ClassroomId classroomId(String raw) {
        try {
            return new ClassroomId(raw);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }
}
