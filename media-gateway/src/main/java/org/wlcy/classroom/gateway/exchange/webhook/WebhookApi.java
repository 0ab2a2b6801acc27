package org.wlcy.classroom.gateway.exchange.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.webhook.Delivery;
import org.wlcy.classroom.exchange.webhook.Endpoint;
import org.wlcy.classroom.exchange.webhook.WebhookEventType;
import org.wlcy.classroom.exchange.webhook.WebhookOutbox;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;

/**
 * The admin's webhook endpoints and their delivery logs (docs/protocol.md "Webhooks"): an
 * institution's admin registers, lists and deletes its endpoints, reads each one's deliveries and
 * replays one. Writes are durable before the answer, so requests run off the event loop.
 */
final class WebhookApi implements ApiRoute {
    private static final Pattern PATH = Pattern.compile(
            "^/api/admin/webhooks(?:/([^/]+)(?:/(deliveries)(?:/([^/]+)/(replay))?)?)?$");
    private final TokenService tokens;
    private final WebhookOutbox outbox;
    private final WebhookUrls urls;
    private final Executor worker;

    WebhookApi(TokenService tokens, WebhookOutbox outbox, WebhookUrls urls, Executor worker) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.urls = urls;
        this.worker = worker;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        OffTheLoop.run(worker, ctx, req, "webhook request " + req.method() + " " + path,
                OffTheLoop.withStatus(json, WebhookApi::status),
                () -> answer(ctx, req, json, m.group(1), m.group(2) != null, m.group(3)));
        return true;
    }

    private static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case WEBHOOK_URL_REFUSED, WEBHOOK_EVENT_UNKNOWN -> HttpResponseStatus.BAD_REQUEST;
            case WEBHOOK_NOT_FOUND, WEBHOOK_DELIVERY_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            default -> Json.statusOf(code);
        };
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, Json json, String id, boolean deliveries,
                        String deliveryId) {
        Identity who = ApiRoute.bearer(tokens, req);
        if (who.role() != Role.ADMIN || who.institution().isBlank()) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "webhooks are registered by an institution's admin");
        }
        HttpMethod method = req.method();
        if (id == null) {
            if (method.equals(HttpMethod.POST)) {
                json.write(ctx, req, HttpResponseStatus.CREATED, register(who, JsonBody.of(req)));
            } else {
                require(method, HttpMethod.GET);
                json.write(ctx, req, HttpResponseStatus.OK, Map.of("endpoints", outbox.endpoints().stream()
                        .filter(e -> e.institution().equals(who.institution())).map(e -> view(e, false)).toList()));
            }
            return;
        }
        Endpoint ep = outbox.endpoint(id).filter(e -> e.institution().equals(who.institution()))
                .orElseThrow(() -> new ClassroomException(ErrorCode.WEBHOOK_NOT_FOUND,
                        "no webhook endpoint " + id + " of your institution"));
        if (!deliveries) {
            if (method.equals(HttpMethod.DELETE)) {
                outbox.delete(ep.id());
                json.write(ctx, req, HttpResponseStatus.OK, Map.of("id", ep.id(), "deleted", true));
            } else {
                require(method, HttpMethod.GET);
                json.write(ctx, req, HttpResponseStatus.OK, view(ep, false));
            }
        } else if (deliveryId == null) {
            require(method, HttpMethod.GET);
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("endpointId", ep.id(),
                    "deliveries", outbox.deliveries(ep.id()).stream().map(WebhookApi::view).toList()));
        } else {
            require(method, HttpMethod.POST);
            Delivery d = outbox.replay(ep.id(), deliveryId).orElseThrow(() -> new ClassroomException(
                    ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, "endpoint " + ep.id() + " has no delivery " + deliveryId));
            json.write(ctx, req, HttpResponseStatus.ACCEPTED, view(d));
        }
    }

    private Map<String, Object> register(Identity who, JsonBody body) {
        String url = body.text("url", WebhookUrls.MAX_LENGTH).strip();
        urls.check(url);
        JsonNode events = body.node().get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw JsonBody.invalid("events", "must be a non-empty array of event types: " + wires());
        }
        Set<WebhookEventType> types = EnumSet.noneOf(WebhookEventType.class);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            int at = i;
            types.add(WebhookEventType.fromWire(e.isTextual() ? e.asText() : "").orElseThrow(() ->
                    new ClassroomException(ErrorCode.WEBHOOK_EVENT_UNKNOWN, "events[" + at + "]: "
                            + (e.isTextual() ? e.asText() : e.toString()) + " is not one of " + wires())));
        }
        if (outbox.endpoints().stream().filter(e -> e.institution().equals(who.institution())).count() >= 20) {
            throw JsonBody.invalid("url", "an institution has at most 20 webhook endpoints; delete one first");
        }
        Endpoint ep = outbox.register(url, types, who.institution(), who.userId().value());
        return view(ep, true);
    }

    private static String wires() {
        return Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wire).toList().toString();
    }

    private static void require(HttpMethod got, HttpMethod wanted) {
        if (!got.equals(wanted)) {
            throw new ClassroomException(ErrorCode.MALFORMED, got + " is not allowed here; use " + wanted);
        }
    }

    private Map<String, Object> view(Endpoint e, boolean withSecret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("url", e.url());
        m.put("events", e.events().stream().map(WebhookEventType::wire).sorted().toList());
        m.put("createdAt", e.createdAt().toString());
        m.put("createdBy", e.createdBy());
        m.put("backlog", outbox.deliveries(e.id()).stream().filter(d -> d.status() == Delivery.Status.PENDING).count());
        if (withSecret) {
            m.put("secret", e.secret()); // shown once: the server never returns it again
        }
        return m;
    }

    private static Map<String, Object> view(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("seq", d.seq());
        m.put("eventId", d.eventId());
        m.put("type", d.type().wire());
        m.put("status", d.status().wire());
        m.put("attempts", d.attempts());
        m.put("createdAt", d.createdAt().toString());
        m.put("nextAttemptAt", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
        m.put("lastAttemptAt", d.lastAttemptAt() == null ? null : d.lastAttemptAt().toString());
        m.put("lastResponseCode", d.lastResponseCode() == 0 ? null : d.lastResponseCode());
        m.put("lastError", d.lastError());
        return m;
    }
}
