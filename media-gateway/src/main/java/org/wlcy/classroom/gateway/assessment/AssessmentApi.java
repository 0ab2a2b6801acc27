package org.wlcy.classroom.gateway.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.ClassAssessment;
import org.wlcy.classroom.assessment.certificate.CertificateNumber;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.assessment.forms.FormKind;
import org.wlcy.classroom.assessment.forms.FormTemplate;
import org.wlcy.classroom.assessment.forms.Question;
import org.wlcy.classroom.assessment.scoring.Criterion;
import org.wlcy.classroom.assessment.scoring.Rubric;
import org.wlcy.classroom.assessment.scoring.ScoringPolicy;
import org.wlcy.classroom.assessment.submission.AttachmentRef;
import org.wlcy.classroom.assessment.submission.SubmissionKind;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.gateway.http.OffTheLoop;
import org.wlcy.classroom.gateway.http.JsonBody;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ErrorResponse;

/**
 * Result assessment, feedback forms and e-certificates over REST (docs/protocol.md, "Result
 * assessment"). Who may do what: admins set the rules, assign scorers, put forms and issue or
 * revoke certificates; a class's lecturers set deadlines and read the class's figures; assigned
 * scorers score; a class's trainees submit, answer forms and read their own result; regulators
 * read. The service blocks on the durable record, so every request runs on the worker executor.
 */
final class AssessmentApi implements ApiRoute {
    private static final Pattern CLASS = Pattern.compile("^/api/classes/([^/]+)/(assessment|assessment/me|assessment/rules"
            + "|assessment/scorers|assessment/scoring|assessment/deadlines/(practical|plan)|submissions/(practical|plan)"
            + "|scores|forms|forms/final/open|forms/([a-z0-9-]{1,40})|forms/([a-z0-9-]{1,40})/answer|certificates"
            + "|practice/live-room)$"); // practice/live-room: issue I
    private static final Pattern REVOKE = Pattern.compile("^/api/certificates/([0-9-]{1,24})/revoke$");
    private static final Pattern CERTIFICATE_PDF = Pattern.compile("^/api/certificates/([0-9-]{1,24})/pdf$");
    private static final Pattern PLAN_PDF = Pattern.compile("^/api/classes/([^/]+)/submissions/plan/pdf$");
    private static final String LOOKUP = "/api/public/certificates";

    private final TokenService tokens;
    private final AssessmentService service;
    private final AssessmentViews views;
    private final Executor workers;
    private final AssessmentPdfs pdfs;
    private final FormNotices notices;
    /** issue I: the trainees' practice live-room sessions, from the trace. */
    private final org.wlcy.classroom.assessment.practice.LiveRoomSessions liveRoom;

    AssessmentApi(TokenService tokens, AssessmentService service, AssessmentViews views, AssessmentPdfs pdfs,
                  FormNotices notices, Executor workers, org.wlcy.classroom.assessment.practice.LiveRoomSessions liveRoom) {
        this.liveRoom = liveRoom;
        this.tokens = tokens;
        this.notices = notices;
        this.pdfs = pdfs;
        this.service = service;
        this.views = views;
        this.workers = workers;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m;
        Runnable work;
        if (path.equals(LOOKUP) && req.method().equals(HttpMethod.GET)) {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            work = () -> json.write(ctx, req, HttpResponseStatus.OK, Map.of("status",
                    service.registry().lookup(param(q, "number"), param(q, "name")).name().toLowerCase(java.util.Locale.ROOT)));
        } else if ((m = REVOKE.matcher(path)).matches() && req.method().equals(HttpMethod.POST)) {
            String number = m.group(1);
            work = () -> revoke(ctx, req, json, number);
        } else if ((m = CERTIFICATE_PDF.matcher(path)).matches() && req.method().equals(HttpMethod.GET)) {
            String number = m.group(1);
            work = () -> certificatePdf(ctx, req, number);
        } else if ((m = PLAN_PDF.matcher(path)).matches() && req.method().equals(HttpMethod.GET)) {
            String classText = m.group(1);
            work = () -> planPdf(ctx, req, classText);
        } else if ((m = CLASS.matcher(path)).matches()) {
            String classText = m.group(1);
            String what = m.group(2);
            work = () -> classRequest(ctx, req, json, classText, what);
        } else {
            return false;
        }
        OffTheLoop.run(workers, ctx, req,
                "assessment request " + req.method() + " " + path, (c, r, e) -> fail(c, r, json, e), work);
        return true;
    }

    static void fail(ChannelHandlerContext ctx, FullHttpRequest req, Json json, ClassroomException e) {
        json.write(ctx, req, status(e.code()), ErrorResponse.of(null, e.code(), e.getMessage()));
    }

    /** The HTTP status of an assessment error (docs/protocol.md, "Result assessment"). */
    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case NOT_A_SCORER -> HttpResponseStatus.FORBIDDEN;
            case FORM_NOT_FOUND, ATTACHMENT_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case SCORER_TAUGHT_CLASS, NOT_PASSED, FORM_CLOSED, SUBMISSION_CLOSED -> HttpResponseStatus.CONFLICT;
            case ATTACHMENT_REFUSED -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
            default -> Json.statusOf(code);
        };
    }

    private void classRequest(ChannelHandlerContext ctx, FullHttpRequest req, Json json, String classText, String what) {
        Identity who = ApiRoute.bearer(tokens, req);
        ClassroomId c;
        try {
            c = new ClassroomId(classText);
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no such class");
        }
        HttpMethod method = req.method();
        boolean get = method.equals(HttpMethod.GET);
        Object body;
        if (what.equals("assessment") && get) {
            requireReader(who, c);
            body = views.classView(service.state(c), who.role() == Role.LECTURER);
        } else if (what.equals("assessment/me") && get) {
            requireTrainee(who, c);
            body = views.traineeView(service.state(c), who.userId());
        } else if (what.equals("assessment/scoring") && get) {
            body = views.scoringView(requireScorer(who, c), who.userId());
        } else if (what.equals("assessment/rules") && method.equals(HttpMethod.PUT)) {
            requireAdmin(who);
            setRules(c, who, JsonBody.of(req));
            body = views.classView(service.state(c), false);
        } else if (what.equals("assessment/scorers") && method.equals(HttpMethod.POST)) {
            requireAdmin(who);
            JsonBody b = JsonBody.of(req);
            service.assignScorer(c, userId(b.text("scorer", 128), "scorer"), b.bool("assigned", true), who.userId());
            body = Map.of("scorers", service.state(c).scorers().stream().map(UserId::value).sorted().toList());
        } else if (what.startsWith("assessment/deadlines/") && method.equals(HttpMethod.PUT)) {
            requireLecturerOrAdmin(who, c);
            SubmissionKind kind = SubmissionKind.fromWire(what.substring(what.lastIndexOf('/') + 1));
            service.setDeadline(c, kind, JsonBody.of(req).instant("at"), who.userId());
            body = Map.of("kind", kind.wire(), "deadline", service.state(c).submissions().deadline(kind).orElseThrow().toString());
        } else if (what.startsWith("submissions/") && get) {
            SubmissionKind kind = SubmissionKind.fromWire(what.substring(what.indexOf('/') + 1));
            UserId trainee = subject(who, c, new QueryStringDecoder(req.uri()));
            body = views.submissions(service.state(c), kind, trainee);
        } else if (what.startsWith("submissions/") && method.equals(HttpMethod.PUT)) {
            requireTrainee(who, c);
            SubmissionKind kind = SubmissionKind.fromWire(what.substring(what.indexOf('/') + 1));
            JsonBody b = JsonBody.of(req);
            var saved = service.save(c, who.userId(), kind, b.scalars("fields", 10_000), attachments(b),
                    b.bool("submit", false));
            body = views.submission(saved);
        } else if (what.equals("scores") && method.equals(HttpMethod.POST)) {
            requireScorer(who, c);
            JsonBody b = JsonBody.of(req);
            Map<String, Integer> points = new LinkedHashMap<>();
            JsonNode p = b.node().get("points");
            if (p == null || !p.isObject()) {
                throw JsonBody.invalid("points", "must be an object of criterion to points");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                points.put(e.getKey(), JsonBody.whole(e.getValue(), "points." + e.getKey(), 0, 100));
            }
            Map<String, String> comments = new LinkedHashMap<>();
            b.scalars("comments", 500).forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw JsonBody.invalid("comments." + k, "must be text");
                }
                comments.put(k, s);
            });
            var sheet = service.score(c, who.userId(), userId(b.text("trainee", 128), "trainee"), points, comments,
                    b.optionalText("comment", 1000));
            body = Map.of("trainee", sheet.trainee().value(), "total", sheet.total(), "recordedAt", sheet.recordedAt().toString());
        } else if (what.equals("forms") && get) {
            if (who.role() == Role.TRAINEE) {
                requireMember(who, c);
            } else {
                requireReader(who, c); // regulators and admins read the summaries too (no names)
            }
            body = views.forms(service.state(c), who);
        } else if (what.startsWith("forms/") && what.endsWith("/answer") && method.equals(HttpMethod.PUT)) {
            requireTrainee(who, c);
            String formId = what.substring("forms/".length(), what.length() - "/answer".length());
            var a = service.answer(c, who.userId(), formId, intsAsIntegers(JsonBody.of(req).scalars("answers", 1000)));
            body = Map.of("formId", a.formId(), "answers", a.answers(), "recordedAt", a.recordedAt().toString());
        } else if (what.equals("forms/final/open") && method.equals(HttpMethod.POST)) {
            requireLecturerOrAdmin(who, c);
            JsonBody b = req.content().isReadable() ? JsonBody.of(req) : null;
            Form f = service.openEndOfClassForm(c, b == null || b.optionalText("closesAt", 40).isEmpty() ? null
                    : b.instant("closesAt"), who.userId());
            notices.opened(f);
            body = views.form(f);
        } else if (what.startsWith("forms/") && method.equals(HttpMethod.PUT)) {
            requireAdmin(who);
            Form f = form(c, what.substring("forms/".length()), JsonBody.of(req));
            service.putForm(f, who.userId());
            notices.opened(f);
            body = views.form(f);
        } else if (what.equals("practice/live-room") && get) {
            // ---- issue I (i-record): the practice live-room sessions beside the practical-results record
            UserId trainee = subject(who, c, new QueryStringDecoder(req.uri()));
            body = LiveRoomView.of(c, trainee, org.wlcy.classroom.assessment.practice.LiveRoomRecord.of(liveRoom.of(c, trainee)));
            // ---- end issue I
        } else if (what.equals("certificates") && method.equals(HttpMethod.POST)) {
            requireAdmin(who);
            body = issue(c, who, JsonBody.of(req));
        } else {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "no such request: " + method + " " + what);
        }
        json.write(ctx, req, HttpResponseStatus.OK, body);
    }

    // ------------------------------------------------------------------ writes

    private void setRules(ClassroomId c, Identity who, JsonBody b) {
        List<Criterion> criteria = new ArrayList<>();
        JsonNode list = b.node().get("criteria");
        if (list == null || !list.isArray()) {
            throw JsonBody.invalid("criteria", "must be a list of {id,title,titleEn,guide,points}");
        }
        int i = 0;
        for (JsonNode n : list) {
            String f = "criteria[" + i++ + "]";
            try {
                criteria.add(new Criterion(JsonBody.checkedText(f + ".id", n.path("id").asText(""), 32),
                        JsonBody.checkedText(f + ".title", n.path("title").asText(""), 100),
                        JsonBody.checkedText(f + ".titleEn", n.path("titleEn").asText(""), 100),
                        JsonBody.checkedText(f + ".guide", n.path("guide").asText(""), 1000),
                        JsonBody.whole(n.get("points"), f + ".points", 1, 100)));
            } catch (IllegalArgumentException e) {
                throw JsonBody.invalid(f, e.getMessage());
            }
        }
        Rubric rubric;
        ScoringPolicy policy;
        try {
            rubric = new Rubric(criteria);
            policy = new ScoringPolicy(b.whole("passMark", 1, 100), b.whole("scorers", 1, 2), b.whole("thirdScorerGap", 1, 100));
        } catch (IllegalArgumentException e) {
            throw JsonBody.invalid("criteria", e.getMessage());
        }
        service.setRules(c, rubric, policy, who.userId());
    }

    private Form form(ClassroomId c, String formId, JsonBody b) {
        FormKind kind = FormKind.fromWire(b.text("kind", 10));
        String day = b.optionalText("day", 10);
        FormTemplate template = FormTemplate.guidelineDefault(kind);
        JsonNode qs = b.node().get("questions");
        if (qs != null && !qs.isNull()) {
            List<Question> questions = new ArrayList<>();
            int i = 0;
            for (JsonNode n : qs) {
                String f = "questions[" + i++ + "]";
                List<String> options = new ArrayList<>();
                n.path("options").forEach(o -> options.add(JsonBody.checkedText(f + ".options", o.asText(""), 50)));
                try {
                    questions.add(new Question(n.path("id").asText(""),
                            Question.Type.valueOf(n.path("type").asText("").toUpperCase(java.util.Locale.ROOT)),
                            JsonBody.checkedText(f + ".text", n.path("text").asText(""), 200),
                            JsonBody.checkedText(f + ".textEn", n.path("textEn").asText(""), 200), options,
                            n.path("required").asBoolean(true)));
                } catch (IllegalArgumentException e) {
                    throw JsonBody.invalid(f, e.getMessage());
                }
            }
            try {
                template = new FormTemplate(kind, questions);
            } catch (IllegalArgumentException e) {
                throw JsonBody.invalid("questions", e.getMessage());
            }
        }
        try {
            return new Form(formId, c, kind, day.isEmpty() ? null : java.time.LocalDate.parse(day), template,
                    b.instant("opensAt"), b.instant("closesAt"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw JsonBody.invalid("form", e.getMessage());
        }
    }

    private Map<String, Object> issue(ClassroomId c, Identity who, JsonBody b) {
        Map<String, Object> ids = b.scalars("idNumbers", 18);
        ClassAssessment state = service.state(c);
        List<Map<String, Object>> issued = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (AssessmentViews.TraineeFacts t : views.facts(c, state)) {
            Object id = ids.get(t.userId().value());
            String masked;
            try {
                masked = new ResidentIdNumber(String.valueOf(id)).masked();
            } catch (IllegalArgumentException e) {
                skipped.add(Map.of("userId", t.userId().value(), "reason", id == null ? "NO_ID_NUMBER" : "BAD_ID_NUMBER",
                        "message", id == null ? "no ID number given" : e.getMessage()));
                continue;
            }
            try {
                CertificateSeal seal = service.issue(c, t.userId(), t.name(), masked, t.eligible(), t.classFacts(),
                        who.userId());
                issued.add(views.certificate(seal, false));
            } catch (ClassroomException e) {
                skipped.add(Map.of("userId", t.userId().value(), "reason", e.code().name(), "message", e.getMessage()));
            }
        }
        return Map.of("issued", issued, "skipped", skipped);
    }

    private void revoke(ChannelHandlerContext ctx, FullHttpRequest req, Json json, String number) {
        Identity who = ApiRoute.bearer(tokens, req);
        requireAdmin(who);
        CertificateNumber n;
        try {
            n = new CertificateNumber(number);
        } catch (IllegalArgumentException e) {
            throw JsonBody.invalid("number", e.getMessage());
        }
        service.revoke(n, JsonBody.of(req).text("reason", 500).trim(), who.userId());
        json.write(ctx, req, HttpResponseStatus.OK, Map.of("number", n.value(), "status", "revoked"));
    }

    // ------------------------------------------------------------------ PDFs

    private void certificatePdf(ChannelHandlerContext ctx, FullHttpRequest req, String number) {
        Identity who = ApiRoute.bearer(tokens, req);
        CertificateSeal seal;
        try {
            seal = service.registry().find(new CertificateNumber(number)).orElseThrow();
        } catch (RuntimeException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "number: no such certificate");
        }
        var cert = seal.certificate();
        boolean holder = who.role() == Role.TRAINEE && who.userId().equals(cert.trainee());
        boolean lecturer = who.role() == Role.LECTURER && who.mayEnter(cert.classroomId());
        if (!holder && !lecturer && who.role() != Role.ADMIN && who.role() != Role.REGULATOR) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the holder, the class's lecturers, admins and "
                    + "regulators download a certificate");
        }
        if (service.registry().revocation(cert.number()).isPresent()) {
            throw new ClassroomException(ErrorCode.NOT_PASSED, "certificate " + number + " was revoked");
        }
        pdf(ctx, req, pdfs.certificate(seal), "certificate-" + number + ".pdf");
    }

    private void planPdf(ChannelHandlerContext ctx, FullHttpRequest req, String classText) {
        Identity who = ApiRoute.bearer(tokens, req);
        ClassroomId c = new ClassroomId(classText);
        UserId trainee = subject(who, c, new QueryStringDecoder(req.uri()));
        ClassAssessment a = service.state(c);
        var plan = a.submissions().latest(SubmissionKind.BUSINESS_PLAN, trainee)
                .or(() -> a.submissions().draft(SubmissionKind.BUSINESS_PLAN, trainee))
                .orElseThrow(() -> new ClassroomException(ErrorCode.INVALID_FIELD, "trainee: no business plan saved yet"));
        String name = a.trainees().getOrDefault(trainee, who.role() == Role.TRAINEE ? who.displayName() : trainee.value());
        pdf(ctx, req, pdfs.plan(plan, name, c), "business-plan-" + trainee.value() + ".pdf");
    }

    private static void pdf(ChannelHandlerContext ctx, FullHttpRequest req, byte[] bytes, String fileName) {
        var res = new io.netty.handler.codec.http.DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        res.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "application/pdf");
        res.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_DISPOSITION,
                "attachment; filename=\"" + fileName + "\"");
        res.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CACHE_CONTROL, "no-store");
        Json.send(ctx, req, res);
    }

    // ------------------------------------------------------------------ who may

    private static void requireAdmin(Identity who) {
        if (who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the institution's admins may do this");
        }
    }

    private static void requireMember(Identity who, ClassroomId c) {
        if (!who.mayEnter(c)) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "not a member of class " + c.value());
        }
    }

    private static void requireTrainee(Identity who, ClassroomId c) {
        requireMember(who, c);
        if (who.role() != Role.TRAINEE) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the class's trainees hand this in");
        }
    }

    private static void requireLecturerOrAdmin(Identity who, ClassroomId c) {
        requireMember(who, c);
        if (who.role() != Role.LECTURER && who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only the class's lecturers or admins may do this");
        }
    }

    /**
     * Lecturers of the class, admins, and regulators of the class's region read the class's
     * figures (trainees only their own): a regulator of another region gets 303.
     */
    private void requireReader(Identity who, ClassroomId c) {
        if (who.role() == Role.ADMIN) {
            return;
        }
        if (who.role() == Role.REGULATOR) {
            if (!RegulatorReads.inScope(who, views.report(c).region())) {
                throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + c.value() + " is outside your region");
            }
            return;
        }
        requireMember(who, c);
        if (who.role() != Role.LECTURER) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "trainees read their own result (assessment/me)");
        }
    }

    private ClassAssessment requireScorer(Identity who, ClassroomId c) {
        ClassAssessment a = service.state(c);
        if (who.role() != Role.LECTURER || !a.scorers().contains(who.userId())) {
            throw new ClassroomException(ErrorCode.NOT_A_SCORER, "you are not a scoring lecturer of " + c.value());
        }
        return a;
    }

    /** Whose submissions a request reads: a trainee their own; lecturers, scorers, admins and regulators name one. */
    private UserId subject(Identity who, ClassroomId c, QueryStringDecoder q) {
        if (who.role() == Role.TRAINEE) {
            requireMember(who, c);
            return who.userId();
        }
        boolean scorer = who.role() == Role.LECTURER && service.state(c).scorers().contains(who.userId());
        if (!scorer) {
            requireReader(who, c);
        }
        return userId(param(q, "trainee"), "trainee");
    }

    private static UserId userId(String text, String field) {
        try {
            return new UserId(text);
        } catch (IllegalArgumentException e) {
            throw JsonBody.invalid(field, "must be a user id");
        }
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** {@code "attachments":[{"sha256":…,"fileName":…}]}: the trainee's own uploads to name (at most 10). */
    private static List<AttachmentRef> attachments(JsonBody b) {
        JsonNode list = b.node().get("attachments");
        List<AttachmentRef> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > 10) {
            throw JsonBody.invalid("attachments", "must be a list of at most 10 {sha256,fileName}");
        }
        int i = 0;
        for (JsonNode n : list) {
            String f = "attachments[" + i++ + "]";
            if (!n.isObject() || !n.path("sha256").isTextual()) {
                throw JsonBody.invalid(f, "must be {\"sha256\":…,\"fileName\":…}");
            }
            JsonNode name = n.get("fileName");
            if (name != null && !name.isNull() && !name.isTextual()) {
                throw JsonBody.invalid(f + ".fileName", "must be text");
            }
            out.add(new AttachmentRef(n.path("sha256").asText(), name == null || name.isNull() ? null
                    : JsonBody.checkedText(f + ".fileName", name.asText(), 200)));
        }
        return out;
    }

    private static Map<String, Object> intsAsIntegers(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
                ? Integer.valueOf(l.intValue()) : v));
        return out;
    }
}
