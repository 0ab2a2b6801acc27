package org.wlcy.classroom.gateway.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.enrolment.RosterRefusedException;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.enrolment.opening.LessonDay;
import org.wlcy.classroom.enrolment.opening.PlanRefusedException;
import org.wlcy.classroom.enrolment.roster.RosterPreview;
import org.wlcy.classroom.enrolment.store.FileEnrolmentStore;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.protocol.ErrorResponse;

/**
 * Classes and people as data over REST (docs/protocol.md "Classes and people"): an institution's
 * admin creates a class and its plan, previews and imports its roster (the file as the body), and
 * applies to open it; a regulator of the class's region approves it or returns it with a reason.
 * Writes are durable before the answer, so every request runs on the worker executor.
 */
final class EnrolmentApi implements ApiRoute {
    private static final Pattern ADMIN = Pattern.compile("^/api/admin/classes(?:/([^/]+)(/roster/preview|/roster|/submit)?)?$");
    private static final Pattern REGULATOR = Pattern.compile("^/api/regulator/openings(?:/([^/]+)(/approve|/return)?)?$");
    private static final int MAX_DAYS = 60;
    private final TokenService tokens;
    private final EnrolmentService service;
    private final Executor workers;

    EnrolmentApi(TokenService tokens, EnrolmentService service, Executor workers) {
        this.tokens = tokens;
        this.service = service;
        this.workers = workers;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher a = ADMIN.matcher(path);
        Matcher r = REGULATOR.matcher(path);
        Runnable work;
        if (a.matches()) {
            String id = a.group(1);
            String what = a.group(2) == null ? "" : a.group(2);
            work = () -> admin(ctx, req, json, id, what);
        } else if (r.matches()) {
            String id = r.group(1);
            String what = r.group(2) == null ? "" : r.group(2);
            work = () -> regulator(ctx, req, json, id, what);
        } else {
            return false;
        }
        OffTheLoop.run(workers, ctx, req, "enrolment request " + req.method() + " " + path, (c, q, e) -> refuse(c, q, json, e),
                work);
        return true;
    }

    /** The error body, with a refused roster's row-by-row preview or a refused plan's problems. */
    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ClassroomException e) {
        Map<String, Object> body = error(e);
        if (e instanceof RosterRefusedException r) {
            body.put("preview", EnrolmentViews.preview(r.preview()));
        } else if (e.getCause() instanceof PlanRefusedException p) {
            body.put("problems", EnrolmentViews.problems(p.problems()));
        }
        json.write(ctx, req, e instanceof RosterRefusedException ? HttpResponseStatus.UNPROCESSABLE_ENTITY
                : status(e.code()), body);
    }

    private static Map<String, Object> error(ClassroomException e) {
        ErrorResponse r = ErrorResponse.of(null, e.code(), e.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("code", r.code());
        body.put("error", r.error());
        body.put("message", r.message());
        return body;
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case ROSTER_REFUSED, PLAN_REFUSED -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case APPLICATION_STATE -> HttpResponseStatus.CONFLICT;
            case CLASS_RECORD_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            default -> Json.statusOf(code);
        };
    }

    // ------------------------------------------------------------------ institution (admin)

    private void admin(ChannelHandlerContext ctx, FullHttpRequest req, Json json, String id, String what) {
        Identity who = ApiRoute.bearer(tokens, req);
        if (who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "classes are created by an institution's admin");
        }
        HttpMethod m = req.method();
        if (id == null) {
            require(m, HttpMethod.GET);
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("classes", service.inRegion("").stream()
                    .filter(c -> c.application().plan().institution().equals(who.institution()))
                    .map(EnrolmentViews::summary).toList(),
                    "onlineCapPercent", service.onlineCapPercent())); // issue H pages: the cap a new plan is held to
            return;
        }
        if (!FileEnrolmentStore.CLASS_ID.matcher(id).matches()) {
            throw JsonBody.invalid("classId", "1 to 64 letters, digits, '.', '_' or '-'");
        }
        switch (what) {
            case "" -> {
                if (m.equals(HttpMethod.PUT)) {
                    json.write(ctx, req, HttpResponseStatus.OK, view(service.putPlan(plan(id, who, JsonBody.of(req)),
                            who.userId().value())));
                } else {
                    require(m, HttpMethod.GET);
                    json.write(ctx, req, HttpResponseStatus.OK, view(own(who, id)));
                }
            }
            case "/roster/preview" -> {
                require(m, HttpMethod.POST);
                own(who, id);
                RosterPreview p = service.preview(id, ByteBufUtil.getBytes(req.content()));
                json.write(ctx, req, HttpResponseStatus.OK, EnrolmentViews.preview(p));
            }
            case "/roster" -> {
                require(m, HttpMethod.POST);
                own(who, id);
                RosterPreview p = service.importRoster(id, ByteBufUtil.getBytes(req.content()));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("imported", p.entries().size());
                body.put("class", view(service.get(id)));
                json.write(ctx, req, HttpResponseStatus.OK, body);
            }
            case "/submit" -> {
                require(m, HttpMethod.POST);
                own(who, id);
                json.write(ctx, req, HttpResponseStatus.OK, view(service.submit(id, who.userId().value())));
            }
            default -> throw new IllegalStateException(what);
        }
    }

    private EnrolledClass own(Identity who, String id) {
        EnrolledClass c = service.get(id);
        if (!c.application().plan().institution().equals(who.institution())) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "class " + id + " belongs to another institution");
        }
        return c;
    }

    private static ClassPlan plan(String id, Identity who, JsonBody body) {
        String name = body.text("name", 100).strip();
        JsonNode lecturers = body.node().get("lecturers");
        if (lecturers == null || !lecturers.isArray() || lecturers.size() > 10) {
            throw JsonBody.invalid("lecturers", "must be an array of user ids");
        }
        List<String> ls = new ArrayList<>();
        for (int i = 0; i < lecturers.size(); i++) {
            JsonNode l = lecturers.get(i);
            if (!l.isTextual() || l.asText().isBlank()) {
                throw JsonBody.invalid("lecturers[" + i + "]", "must be a user id");
            }
            ls.add(JsonBody.checkedText("lecturers[" + i + "]", l.asText(), 64));
        }
        JsonNode days = body.node().get("days");
        if (days == null || !days.isArray() || days.size() > MAX_DAYS) {
            throw JsonBody.invalid("days", "must be an array of at most " + MAX_DAYS + " training days");
        }
        List<LessonDay> ds = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            JsonNode d = days.get(i);
            String f = "days[" + i + "]";
            if (!d.isObject() || !d.path("date").isTextual()) {
                throw JsonBody.invalid(f + ".date", "must be a date like 2027-01-04");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(d.get("date").asText());
            } catch (DateTimeParseException e) {
                throw JsonBody.invalid(f + ".date", "must be a date like 2027-01-04");
            }
            if (date.getYear() < 2000 || date.getYear() > 2099) {
                throw JsonBody.invalid(f + ".date", "must be between 2000 and 2099");
            }
            int hours = JsonBody.whole(d.get("classHours"), f + ".classHours", 0, 24);
            JsonNode online = d.get("online");
            if (online != null && !online.isBoolean()) {
                throw JsonBody.invalid(f + ".online", "must be true or false");
            }
            ds.add(new LessonDay(date, hours, online != null && online.asBoolean()));
        }
        return new ClassPlan(id, name, who.institution(), who.region(), ls, ds);
    }

    // ------------------------------------------------------------------ regulator

    private void regulator(ChannelHandlerContext ctx, FullHttpRequest req, Json json, String id, String what) {
        Identity who = ApiRoute.bearer(tokens, req);
        if (who.role() != Role.REGULATOR) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "class-opening applications are decided by a regulator");
        }
        String prefix = org.wlcy.classroom.participant.RegionCode.scopePrefix(who.region());
        HttpMethod m = req.method();
        if (id == null) {
            require(m, HttpMethod.GET);
            json.write(ctx, req, HttpResponseStatus.OK, Map.of("openings", service.inRegion(prefix).stream()
                    .filter(c -> c.application().state() != org.wlcy.classroom.enrolment.opening.OpeningApplication.State.DRAFT)
                    .map(EnrolmentViews::summary).toList()));
            return;
        }
        EnrolledClass c = service.get(id);
        if (!c.application().plan().region().startsWith(prefix)) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + id + " is outside your region");
        }
        switch (what) {
            case "" -> {
                require(m, HttpMethod.GET);
                json.write(ctx, req, HttpResponseStatus.OK, view(c));
            }
            case "/approve" -> {
                require(m, HttpMethod.POST);
                json.write(ctx, req, HttpResponseStatus.OK, view(service.approve(id, who.userId().value())));
            }
            case "/return" -> {
                require(m, HttpMethod.POST);
                String reason = JsonBody.of(req).text("reason", 500);
                json.write(ctx, req, HttpResponseStatus.OK, view(service.returnWith(id, reason, who.userId().value())));
            }
            default -> throw new IllegalStateException(what);
        }
    }

    private Map<String, Object> view(EnrolledClass c) {
        return EnrolmentViews.of(c, service.onlineCapPercent());
    }

    private static void require(HttpMethod got, HttpMethod wanted) {
        if (!got.equals(wanted)) {
            throw new ClassroomException(ErrorCode.MALFORMED, got + " is not allowed here; use " + wanted);
        }
    }
}
