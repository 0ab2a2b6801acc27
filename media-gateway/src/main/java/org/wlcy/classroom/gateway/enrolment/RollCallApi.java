package org.wlcy.classroom.gateway.enrolment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.attendance.Lesson;
import org.wlcy.classroom.proctoring.regulator.ClassReports;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.session.IdGenerator;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * The lecturer's roll call of an offline (线下) day (docs/protocol.md "Offline days and their roll
 * call"): {@code GET /api/classes/{id}/offline} lists the approved plan's offline days, the class's
 * trainees and what is on the record for each day; {@code POST /api/classes/{id}/offline/{date}/roll-call}
 * with {@code {"present":[…],"absent":[…]}} writes one {@code attendance.roll-call} per trainee with
 * the day's session id, durably, before it answers. Only the class's lecturers (304, 303).
 */
final class RollCallApi implements ApiRoute {
    private static final Pattern DAYS = Pattern.compile("^/api/classes/([^/]+)/offline$");
    private static final Pattern ROLL_CALL = Pattern.compile("^/api/classes/([^/]+)/offline/([^/]+)/roll-call$");
    /** A class has at most 30 trainees (Art. 7(1)); a little room for those who left it. */
    private static final int MAX_NAMES = 100;
    private final TokenService tokens;
    private final OfflineLessons offline;
    private final TraceStore store;
    private final TraceLog trace;
    private final AttendancePolicy policy;
    private final InstantSource clock;
    private final Executor blocking;
    private final IdGenerator ids = IdGenerator.random();

    RollCallApi(TokenService tokens, OfflineLessons offline, TraceStore store, TraceLog trace, AttendancePolicy policy,
                InstantSource clock, Executor blocking) {
        this.tokens = tokens;
        this.offline = offline;
        this.store = store;
        this.trace = trace;
        this.policy = policy;
        this.clock = clock;
        this.blocking = blocking;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher days = DAYS.matcher(path);
        Matcher roll = ROLL_CALL.matcher(path);
        boolean isDays = days.matches();
        if (!isDays && !roll.matches()) {
            return false;
        }
        String classId = isDays ? days.group(1) : roll.group(1);
        String date = isDays ? null : roll.group(2);
        OffTheLoop.run(blocking, ctx, req,
                "offline roll call " + path, OffTheLoop.withStatus(json, RollCallApi::status), () -> {
            HttpMethod expected = isDays ? HttpMethod.GET : HttpMethod.POST;
            if (!req.method().equals(expected)) {
                throw new ClassroomException(ErrorCode.MALFORMED, req.method() + " is not allowed here; use "
                        + expected);
            }
            Identity who = lecturer(ApiRoute.bearer(tokens, req), classId);
            EnrolledClass c = offline.approvedClass(classId).orElseThrow(() -> new ClassroomException(
                    ErrorCode.OFFLINE_DAY_NOT_PLANNED, "class " + classId + " has no approved plan, so no"
                    + " offline days"));
            Object body = isDays ? days(c) : rollCall(c, who, date, JsonBody.of(req));
            json.write(ctx, req, isDays ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, body);
        });
        return true;
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case OFFLINE_DAY_NOT_PLANNED -> HttpResponseStatus.NOT_FOUND;
            case OFFLINE_DAY_NOT_YET -> HttpResponseStatus.CONFLICT;
            case TRAINEE_NOT_FOUND, INVALID_FIELD -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            default -> Json.statusOf(code);
        };
    }

    private static Identity lecturer(Identity who, String classId) {
        if (who.role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "the roll call of an offline day is taken by the"
                    + " class's lecturers");
        }
        ClassroomId id;
        try {
            id = new ClassroomId(classId);
        } catch (IllegalArgumentException e) {
            throw JsonBody.invalid("classId", e.getMessage());
        }
        if (!who.classes().contains(id)) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + classId);
        }
        return who;
    }

    private List<TraceEvent> events(String classId) {
        ClassroomId id = new ClassroomId(classId);
        return store.classrooms().contains(id) ? store.read(id, 0, Integer.MAX_VALUE) : List.of();
    }

    private Map<String, Object> days(EnrolledClass c) {
        List<TraceEvent> events = events(c.classId());
        LocalDate today = LocalDate.ofInstant(clock.instant(), policy.zone());
        List<Map<String, Object>> days = new ArrayList<>();
        for (Lesson l : OfflineLessons.of(c.application().plan(), policy)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("date", l.date(policy.zone()).toString());
            d.put("lessonId", l.id());
            d.put("start", l.start());
            d.put("end", l.end());
            d.put("classHours", l.classHours());
            d.put("due", !l.date(policy.zone()).isAfter(today));
            d.put("record", record(events, l.id()));
            days.add(d);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", c.classId());
        body.put("name", c.application().plan().name());
        body.put("today", today.toString());
        body.put("days", days);
        body.put("trainees", trainees(c, events));
        body.put("rosterSize", c.roster().size());
        return body;
    }

    /**
     * The class's trainees as its trace knows them (joined, asked for leave, watched, roll-called);
     * issue H roster: when the roster gives user ids, first every roster trainee by the roster's name
     * (also one never seen), then the trace's others.
     */
    private static List<Map<String, Object>> trainees(EnrolledClass c, List<TraceEvent> events) {
        List<Map<String, Object>> traced = new ArrayList<>();
        ClassReports.trainees(events).forEach((u, name) -> traced.add(Map.of("userId", u.value(), "name", name)));
        return RosterPeople.rows(c, traced, m -> (String) m.get("userId"),
                (m, name) -> Map.of("userId", m.get("userId"), "name", name),
                (u, name) -> Map.of("userId", u, "name", name));
    }

    /** What stands for the day: each trainee's last roll call (a later one corrects an earlier one). */
    private static List<Map<String, Object>> record(List<TraceEvent> events, String lessonId) {
        Map<UserId, TraceEvent> last = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.kind() == TraceKind.ROLL_CALL && lessonId.equals(e.sessionId())) {
                TraceEvent before = last.get(e.userId());
                if (before == null || !e.recordedAt().isBefore(before.recordedAt())) {
                    last.put(e.userId(), e);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        last.forEach((u, e) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("userId", u.value());
            r.put("present", Boolean.TRUE.equals(e.data().get("present")));
            r.put("by", String.valueOf(e.data().get("by")));
            r.put("at", e.recordedAt());
            out.add(r);
        });
        return out;
    }

    private Map<String, Object> rollCall(EnrolledClass c, Identity who, String dateText, JsonBody body) {
        ClassPlan plan = c.application().plan();
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw JsonBody.invalid("date", "a date as 2026-12-01");
        }
        Lesson lesson = OfflineLessons.of(plan, policy).stream().filter(l -> l.date(policy.zone()).equals(date))
                .findFirst().orElseThrow(() -> new ClassroomException(ErrorCode.OFFLINE_DAY_NOT_PLANNED,
                        date + " is not an offline day of the plan of class " + c.classId()));
        Instant now = clock.instant();
        if (date.isAfter(LocalDate.ofInstant(now, policy.zone()))) {
            throw new ClassroomException(ErrorCode.OFFLINE_DAY_NOT_YET, "the offline day " + date
                    + " has not come; take its roll call on the day or later");
        }
        List<String> present = names(body, "present");
        List<String> absent = names(body, "absent");
        if (present.isEmpty() && absent.isEmpty()) {
            throw JsonBody.invalid("present", "name at least one trainee, present or absent");
        }
        for (int i = 0; i < absent.size(); i++) {
            if (present.contains(absent.get(i))) {
                throw JsonBody.invalid("absent[" + i + "]", absent.get(i) + " is also in present");
            }
        }
        List<TraceEvent> events = events(c.classId());
        Set<UserId> trainees = new java.util.HashSet<>(ClassReports.trainees(events).keySet());
        RosterPeople.of(c).keySet().forEach(u -> trainees.add(new UserId(u))); // issue H roster: also roster trainees never seen
        checkKnown(present, "present", trainees, c.classId());
        checkKnown(absent, "absent", trainees, c.classId());
        ClassroomId id = new ClassroomId(c.classId());
        List<TraceEvent> calls = new ArrayList<>();
        for (String u : present) {
            calls.add(call(id, lesson, u, true, who, date, now));
        }
        for (String u : absent) {
            calls.add(call(id, lesson, u, false, who, date, now));
        }
        List<TraceEvent> stored = trace.append(calls).toCompletableFuture().join();
        List<TraceEvent> after = new ArrayList<>(events);
        after.addAll(stored);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", date.toString());
        out.put("lessonId", lesson.id());
        out.put("recorded", stored.size());
        out.put("record", record(after, lesson.id()));
        return out;
    }

    private TraceEvent call(ClassroomId id, Lesson lesson, String user, boolean present, Identity who, LocalDate date,
                            Instant now) {
        return new TraceEvent(-1, id, lesson.id(), new UserId(user), TraceKind.ROLL_CALL, now, "srv/" + ids.next("roll-"),
                null, Map.<String, Object>of("present", present, "by", who.userId().value(), "date", date.toString(),
                        "mode", "offline"));
    }

    private static void checkKnown(List<String> users, String field, Set<UserId> trainees, String classId) {
        for (int i = 0; i < users.size(); i++) {
            if (!trainees.contains(new UserId(users.get(i)))) {
                throw new ClassroomException(ErrorCode.TRAINEE_NOT_FOUND, field + "[" + i + "]: no trainee "
                        + users.get(i) + " in class " + classId);
            }
        }
    }

    /** A list of distinct user ids (may be absent: none). */
    private static List<String> names(JsonBody body, String field) {
        JsonNode n = body.node().get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > MAX_NAMES) {
            throw JsonBody.invalid(field, "a list of at most " + MAX_NAMES + " user ids");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode u = n.get(i);
            if (!u.isTextual() || u.asText().isBlank()) {
                throw JsonBody.invalid(field + "[" + i + "]", "a user id");
            }
            String s = JsonBody.checkedText(field + "[" + i + "]", u.asText(), 128);
            if (!out.add(s)) {
                throw JsonBody.invalid(field + "[" + i + "]", s + " is named twice");
            }
        }
        return List.copyOf(out);
    }
}
