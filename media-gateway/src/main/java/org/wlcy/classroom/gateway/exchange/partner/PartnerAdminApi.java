package org.wlcy.classroom.gateway.exchange.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.partner.ApiKey;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.PartnerRegistry;
import org.wlcy.classroom.exchange.partner.Reach;
import org.wlcy.classroom.exchange.partner.Scope;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;

/**
 * Partner systems for admins (docs/protocol.md "Partner API (v1)"): {@code GET/POST
 * /api/admin/partners}, {@code DELETE /api/admin/partners/{id}} (revoke),
 * {@code POST /api/admin/partners/{id}/rotate}. A registration and a rotation answer the key once
 * ({@code apiKey}); the server keeps its SHA-256 only. Writes are durable before the answer.
 */
final class PartnerAdminApi implements ApiRoute {
    private static final Pattern PATH = Pattern.compile("^/api/admin/partners(?:/([A-Za-z0-9-]{1,40})(/rotate)?)?$");
    private final TokenService tokens;
    private final PartnerRegistry registry;
    private final Executor blocking;

    PartnerAdminApi(TokenService tokens, PartnerRegistry registry, Executor blocking) {
        this.tokens = tokens;
        this.registry = registry;
        this.blocking = blocking;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        Identity who = ApiRoute.bearer(tokens, req);
        if (who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "partner systems are registered by an admin");
        }
        String id = m.group(1);
        boolean rotate = m.group(2) != null;
        HttpMethod method = req.method();
        String by = who.userId().value();
        if (id == null && method.equals(HttpMethod.GET)) {
            PartnerHttp.run(ctx, req, json, blocking, "list", () -> json.write(ctx, req, HttpResponseStatus.OK,
                    Map.of("partners", registry.all().stream().map(PartnerAdminApi::view).toList())));
        } else if (id == null && method.equals(HttpMethod.POST)) {
            JsonBody body = JsonBody.of(req);
            String name = body.text("name", 100).strip();
            if (name.isEmpty()) {
                throw JsonBody.invalid("name", "must not be empty");
            }
            String region = body.optionalText("region", 6).strip();
            if (!region.isEmpty() && !region.matches("\\d{6}")) {
                throw JsonBody.invalid("region", "must be a six-digit region code like 440300");
            }
            String institution = body.optionalText("institution", 100).strip();
            if (region.isEmpty() && institution.isEmpty()) {
                throw JsonBody.invalid("region", "a partner sees a region or an institution: give one of them");
            }
            Set<Scope> scopes = scopes(body.node().get("scopes"));
            PartnerHttp.run(ctx, req, json, blocking, "register", () -> json.write(ctx, req,
                    HttpResponseStatus.CREATED, issued(registry.register(name, new Reach(region, institution),
                            scopes, by))));
        } else if (id != null && rotate && method.equals(HttpMethod.POST)) {
            PartnerHttp.run(ctx, req, json, blocking, "rotate", () -> json.write(ctx, req, HttpResponseStatus.OK,
                    issued(registry.rotate(id, by))));
        } else if (id != null && !rotate && method.equals(HttpMethod.DELETE)) {
            PartnerHttp.run(ctx, req, json, blocking, "revoke", () -> json.write(ctx, req, HttpResponseStatus.OK,
                    Map.of("partner", view(registry.revoke(id, by)))));
        } else if (id != null && !rotate && method.equals(HttpMethod.GET)) {
            Partner p = registry.find(id).orElseThrow(
                    () -> new ClassroomException(ErrorCode.PARTNER_NOT_FOUND, "no partner " + id));
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("partner", view(p)));
        } else {
            throw new ClassroomException(ErrorCode.MALFORMED, method + " is not allowed on " + path);
        }
        return true;
    }

    private static Set<Scope> scopes(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw JsonBody.invalid("scopes", "must be a non-empty array of scopes");
        }
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < n.size(); i++) {
            JsonNode s = n.get(i);
            String text = s.isTextual() ? s.asText() : "";
            String field = "scopes[" + i + "]";
            out.add(Scope.fromWire(text).orElseThrow(() -> JsonBody.invalid(field,
                    "not a scope; the scopes are " + String.join(", ",
                            java.util.Arrays.stream(Scope.values()).map(Scope::wire).toList()))));
        }
        return out;
    }

    private static Map<String, Object> issued(PartnerRegistry.IssuedKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partner", view(k.partner()));
        m.put("apiKey", k.key().text());
        m.put("shownOnce", true);
        return m;
    }

    static Map<String, Object> view(Partner p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partnerId", p.partnerId());
        m.put("name", p.name());
        m.put("region", p.reach().region());
        m.put("institution", p.reach().institution());
        m.put("scopes", p.scopes().stream().sorted().map(Scope::wire).toList());
        m.put("keyHint", ApiKey.PREFIX + p.keyId() + "_…");
        m.put("state", p.active() ? "active" : "revoked");
        m.put("createdAt", p.createdAt().toString());
        m.put("createdBy", p.createdBy());
        m.put("keyIssuedAt", p.keyIssuedAt().toString());
        m.put("revokedAt", p.revokedAt() == null ? null : p.revokedAt().toString());
        m.put("revokedBy", p.revokedBy());
        return m;
    }
}
