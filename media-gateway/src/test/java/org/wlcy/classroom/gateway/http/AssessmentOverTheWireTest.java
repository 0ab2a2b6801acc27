package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Result assessment over REST against a whole server (issue G): submissions, the scorer rule,
 * scoring, the 60-point result, feedback forms, certificates and the public look-up; everything
 * still there after a restart on the same data folder, and every change in the signed trace.
 */
class AssessmentOverTheWireTest {
    private static final String SECRET = "assessment-test-secret-assessment-test-secret-0";
    private static final ClassroomId C = new ClassroomId("c-2026-g");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        gateway = startGateway();
        // Seven training days compressed: one class hour is one minute here, online learning counts
        // in full, and a 60-minute lesson a trainee attended gives the 56 class hours Art. 7 asks.
        Instant start = Instant.now().minus(Duration.ofHours(3));
        Instant end = start.plus(Duration.ofMinutes(60));
        List<TraceEvent> events = new ArrayList<>();
        events.add(event("l01", TraceKind.SESSION_STARTED, start, Map.of("sessionId", "lesson-1")));
        events.add(event("l01", TraceKind.JOINED, start, Map.of("participantId", "p0", "role", "lecturer",
                "name", "李老师", "inst", "北京创业培训学校", "region", "110105")));
        for (String t : List.of("t01", "t02")) {
            events.add(event(t, TraceKind.JOINED, start, Map.of("participantId", "p-" + t, "role", "trainee",
                    "name", t.equals("t01") ? "张三" : "李四", "inst", "北京创业培训学校", "region", "110105")));
            for (Instant at = start.plusSeconds(30); at.isBefore(end); at = at.plusSeconds(30)) {
                events.add(event(t, TraceKind.HEARTBEAT, at, Map.of("visible", true)));
            }
            events.add(event(t, TraceKind.LEFT, end, Map.of("participantId", "p-" + t, "reason", "client_request")));
        }
        events.add(event("l01", TraceKind.SESSION_ENDED, end, Map.of("sessionId", "lesson-1")));
        gateway.proctoring().trace().append(events).toCompletableFuture().get();
    }

    private Gateway startGateway() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.devMode=false", "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false", "--attendance.classHourMinutes=1", "--attendance.onlineCapPercent=100")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    private static int seq;

    private static TraceEvent event(String user, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, C, "lesson-1", new UserId(user), kind, at, "srv/test-" + seq++, null, data);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String token(String user, Role role, String... classes) {
        Set<ClassroomId> ids = new java.util.LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, "北京创业培训学校",
                "110105", Instant.EPOCH), Duration.ofMinutes(30));
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    }

    private static Map<String, Object> practical() {
        return Map.of("shopName", "山货小铺", "platform", "微店", "products", "土蜂蜜", "orders", 12,
                "turnoverCents", 356000);
    }

    private static Map<String, Object> plan() {
        return Map.of("positioning", "乡村特产", "customers", "城市白领", "products", "蜂蜜", "marketing", "短视频",
                "operations", "自营", "finance", "启动资金 5000 元");
    }

    @Test
    void fromSubmissionToAVerifiableCertificate() throws Exception {
        String t01 = token("t01", Role.TRAINEE, C.value());
        String t02 = token("t02", Role.TRAINEE, C.value());
        String admin = token("a01", Role.ADMIN);
        String teacher = token("l01", Role.LECTURER, C.value());
        String scorer = token("s01", Role.LECTURER, "other-class");
        String base = "/api/classes/" + C.value();

        // Drafts save incomplete; a submission needs every required field; bad numbers are named.
        assertThat(call("PUT", base + "/submissions/practical", t01, Map.of("fields", Map.of("shopName", "山货"))).status())
                .isEqualTo(200);
        Reply incomplete = call("PUT", base + "/submissions/practical", t01,
                Map.of("fields", Map.of("shopName", "山货"), "submit", true));
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body().path("message").asText()).contains("fields.platform");
        Reply fraction = call("PUT", base + "/submissions/practical", t01,
                "{\"fields\":{\"orders\":2.5},\"submit\":false}");
        assertThat(fraction.body().path("code").asInt()).isEqualTo(103);
        assertThat(fraction.body().path("message").asText()).contains("fields.orders");
        assertThat(call("PUT", base + "/submissions/practical", teacher, Map.of("fields", practical())).body()
                .path("code").asInt()).isEqualTo(304);

        Reply v1 = call("PUT", base + "/submissions/practical", t01, Map.of("fields", practical(), "submit", true));
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.body().path("version").asInt()).isEqualTo(1);
        call("PUT", base + "/submissions/plan", t01, Map.of("fields", plan(), "submit", true));
        call("PUT", base + "/submissions/practical", t02, Map.of("fields", practical(), "submit", true));

        // The lecturer who taught is refused as a scorer; another lecturer is assigned.
        Reply taught = call("POST", base + "/assessment/scorers", admin, Map.of("scorer", "l01"));
        assertThat(taught.status()).isEqualTo(409);
        assertThat(taught.body().path("code").asInt()).isEqualTo(250);
        assertThat(call("POST", base + "/assessment/scorers", teacher, Map.of("scorer", "s01")).body().path("code").asInt())
                .isEqualTo(304);
        assertThat(call("POST", base + "/assessment/scorers", admin, Map.of("scorer", "s01")).status()).isEqualTo(200);
        assertThat(call("POST", base + "/scores", teacher, Map.of("trainee", "t01", "points", Map.of())).body()
                .path("code").asInt()).isEqualTo(251);

        Reply list = call("GET", base + "/assessment/scoring", scorer, null);
        assertThat(list.body().path("trainees")).hasSize(2);
        Reply over = call("POST", base + "/scores", scorer, Map.of("trainee", "t01",
                "points", Map.of("shop", 21, "products", 20, "operation", 20, "results", 25, "plan-fit", 15)));
        assertThat(over.body().path("message").asText()).contains("points.shop: 21 is outside 0-20");
        assertThat(call("POST", base + "/scores", scorer, Map.of("trainee", "t01",
                "points", Map.of("shop", 18, "products", 15, "operation", 12, "results", 10, "plan-fit", 10),
                "comments", Map.of("results", "订单偏少"), "comment", "整体良好")).body().path("total").asInt()).isEqualTo(65);
        call("POST", base + "/scores", scorer, Map.of("trainee", "t02",
                "points", Map.of("shop", 10, "products", 10, "operation", 10, "results", 10, "plan-fit", 5)));

        // The trainee sees the score and the comments, never the scorer.
        Reply mine = call("GET", base + "/assessment/me", t01, null);
        assertThat(mine.body().path("score").asText()).isEqualTo("65");
        assertThat(mine.body().path("passed").asBoolean()).isTrue();
        assertThat(mine.body().path("sheets").get(0).path("comments").path("results").asText()).isEqualTo("订单偏少");
        assertThat(mine.body().toString()).doesNotContain("s01");
        Reply other = call("GET", base + "/assessment/me", t02, null);
        assertThat(other.body().path("passed").asBoolean()).isFalse();
        assertThat(other.body().path("reasons").toString()).contains("PLAN_NOT_SUBMITTED", "SCORE_BELOW_PASS_MARK");
        assertThat(call("GET", base + "/assessment", t01, null).status()).isEqualTo(403);

        // Certificates: for those who passed, with their ID number masked; the look-up needs no login.
        Reply issued = call("POST", base + "/certificates", admin,
                Map.of("idNumbers", Map.of("t01", "11010519491231002X", "t02", "440524198001010013")));
        assertThat(issued.body().path("issued")).hasSize(1);
        assertThat(issued.body().path("skipped").get(0).path("reason").asText()).isEqualTo("NOT_PASSED");
        JsonNode cert = issued.body().path("issued").get(0);
        String number = cert.path("number").asText();
        assertThat(cert.path("idNumber").asText()).isEqualTo("110105********002X");
        assertThat(cert.path("institution").asText()).isEqualTo("北京创业培训学校");
        assertThat(number).startsWith("110105-");
        String lookup = "/api/public/certificates?number=" + number + "&name=";
        assertThat(call("GET", lookup + enc("张三"), null, null).body().path("status").asText()).isEqualTo("valid");
        assertThat(call("GET", lookup + enc("李四"), null, null).body().path("status").asText()).isEqualTo("unknown");
        assertThat(call("GET", lookup + enc("张三"), null, null).body().size()).isEqualTo(1);

        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/api/certificates/" + number + "/pdf")).header("Authorization", "Bearer " + t01).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).hasValue("application/pdf");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("张三", number);
        }
        assertThat(call("GET", "/api/certificates/" + number + "/pdf", t02, null).status()).isEqualTo(403);
        // offline, with the key a regulator pinned: the genuine PDF verifies, an edited one does not
        HttpResponse<String> pem = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/api/regulator/public-key")).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString());
        Path key = java.nio.file.Files.writeString(dataDir.resolve("trace-public-key.pem"), pem.body());
        Path genuine = java.nio.file.Files.write(dataDir.resolve("certificate.pdf"), pdf.body());
        assertThat(verifyCertificate(genuine, key)).startsWith("0 ").contains("name         张三", "VALID");
        Path edited = java.nio.file.Files.write(dataDir.resolve("edited.pdf"), editedName(pdf.body(), "张三", "王五"));
        assertThat(verifyCertificate(edited, key)).startsWith("1 ").contains("INVALID: the signature does not match");
        HttpResponse<byte[]> planPdf = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + base + "/submissions/plan/pdf")).header("Authorization", "Bearer " + t01).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(planPdf.statusCode()).isEqualTo(200);
        try (var doc = org.apache.pdfbox.Loader.loadPDF(planPdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("乡村特产", "张三");
        }

        Reply revoke = call("POST", "/api/certificates/" + number + "/revoke", admin, Map.of("reason", "材料不实"));
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(call("GET", lookup + enc("张三"), null, null).body().path("status").asText()).isEqualTo("revoked");

        // A restart on the same data folder knows all of it, and it is all in the class's trace.
        gateway.close();
        gateway = startGateway();
        assertThat(call("GET", lookup + enc("张三"), null, null).body().path("status").asText()).isEqualTo("revoked");
        Reply again = call("GET", base + "/assessment", admin, null);
        assertThat(again.body().path("scorerIds").toString()).contains("s01");
        assertThat(again.body().path("trainees").get(0).path("score").asText()).isEqualTo("65");
        List<String> kinds = gateway.proctoring().store().read(C, 0, 100_000).stream().map(e -> e.kind().wire()).toList();
        assertThat(kinds).contains("assessment.scorer", "assessment.submission", "assessment.score",
                "certificate.issued", "certificate.revoked");
        TraceEvent issuedEvent = gateway.proctoring().store().read(C, 0, 100_000).stream()
                .filter(e -> e.kind() == TraceKind.CERTIFICATE_ISSUED).findFirst().orElseThrow();
        assertThat(issuedEvent.data().get("signature")).isInstanceOf(String.class);
        assertThat(CheckpointSigner.verify(gateway.proctoring().signer().publicKey(),
                org.wlcy.classroom.assessment.record.AssessmentEvents.issued(issuedEvent).certificate().signedMessage(),
                java.util.Base64.getDecoder().decode((String) issuedEvent.data().get("signature")))).isTrue();
    }

    @Test
    void formsAreAnsweredWhileOpenAndSummarisedForLecturers() throws Exception {
        String base = "/api/classes/" + C.value();
        String admin = token("a01", Role.ADMIN);
        String t01 = token("t01", Role.TRAINEE, C.value());
        String teacher = token("l01", Role.LECTURER, C.value());
        Instant now = Instant.now();
        Reply put = call("PUT", base + "/forms/daily-2026-11-09", admin, Map.of("kind", "daily", "day", "2026-11-09",
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plusSeconds(3600).toString()));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("questions").size()).isGreaterThan(3);
        assertThat(call("PUT", base + "/forms/daily-2026-11-09/answer", t01,
                Map.of("answers", Map.of("content", 6))).body().path("message").asText()).contains("answers.content");
        assertThat(call("PUT", base + "/forms/daily-2026-11-09/answer", t01, Map.of("answers",
                Map.of("content", 5, "lecturers", 4, "interaction", 4, "pace", "合适", "suggestions", "多一些实操"))).status())
                .isEqualTo(200);
        Reply missing = call("PUT", base + "/forms/nope/answer", t01, Map.of("answers", Map.of()));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("code").asInt()).isEqualTo(254);

        // a regulator of the class's region reads the summaries (no names); one of another region is refused
        String beijing = gateway.tokens().issue(new Identity(new UserId("r-bj"), "r-bj", Role.REGULATOR, Set.of(), "",
                "110000", Instant.EPOCH), Duration.ofMinutes(30));
        String guangdong = gateway.tokens().issue(new Identity(new UserId("r-gd"), "r-gd", Role.REGULATOR, Set.of(), "",
                "440000", Instant.EPOCH), Duration.ofMinutes(30));
        assertThat(call("GET", base + "/forms", beijing, null).body().path("forms").get(0).path("responses").asInt())
                .isEqualTo(1);
        assertThat(call("GET", base + "/forms", guangdong, null).body().path("code").asInt()).isEqualTo(303);
        assertThat(call("GET", base + "/assessment", guangdong, null).body().path("code").asInt()).isEqualTo(303);
        assertThat(call("GET", base + "/assessment", beijing, null).status()).isEqualTo(200);

        JsonNode summary = call("GET", base + "/forms", teacher, null).body().path("forms").get(0);
        assertThat(summary.path("responses").asInt()).isEqualTo(1);
        assertThat(summary.path("responseRatePercent").asText()).isEqualTo("50.0");
        assertThat(summary.path("averages").path("content").asText()).isEqualTo("5.00");
        assertThat(summary.path("texts").path("suggestions").get(0).asText()).isEqualTo("多一些实操");
        JsonNode own = call("GET", base + "/forms", t01, null).body().path("forms").get(0);
        assertThat(own.path("myAnswer").path("content").asInt()).isEqualTo(5);
        assertThat(own.has("texts")).isFalse();
    }

    /** Runs {@code verify-certificate} as Main does; the exit code, a space, and what it printed. */
    private static String verifyCertificate(Path pdf, Path key) {
        var out = new java.io.ByteArrayOutputStream();
        int code = org.wlcy.classroom.assessment.print.VerifyCertificateCommand.run(new String[] {pdf.toString(),
                "--public-key", key.toString()}, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err);
        return code + " " + out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The PDF with the signed message's name replaced (what a forger would try), saved again. */
    private static byte[] editedName(byte[] pdf, String from, String to) throws Exception {
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            var info = doc.getDocumentInformation();
            var b64 = java.util.Base64.getDecoder();
            String message = new String(b64.decode(info.getCustomMetadataValue("wlcy-certificate")),
                    java.nio.charset.StandardCharsets.UTF_8).replace("name=" + from, "name=" + to);
            info.setCustomMetadataValue("wlcy-certificate", java.util.Base64.getEncoder().encodeToString(
                    message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            var out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
