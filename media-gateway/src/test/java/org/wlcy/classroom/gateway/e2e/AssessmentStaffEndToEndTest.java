package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The staff side of issue G in headless Chromium against a whole gateway (no Janus: the pages
 * need no media, so the gateway runs on the fake media port). An admin assigns the class's own
 * teaching lecturer as scorer and the page shows the refusal (250), then a lecturer who did not
 * teach; that lecturer scores a trainee on scoring.html, where an out-of-range score shows the
 * page's text and keeps what was typed; a lecturer not assigned is refused (251); the lecturer's
 * results page shows the trainee passed and the form summary with its plot; the admin issues the
 * certificate and revokes it with a reason; the regulator desk's results section lists the class
 * and its CSV link downloads the trainee's row. Everything asserted is what the pages show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssessmentStaffEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "assessment-e2e-secret-assessment-e2e-secret-00";
    private static final ClassroomId CLASS = new ClassroomId("c-e2e-asmt");
    private static final String INSTITUTION = "北京创业培训学校";
    private static final String REGION = "110105";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        dataDir = Files.createTempDirectory("assessment-e2e");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false", "--attendance.classHourMinutes=1",
                "--attendance.onlineCapPercent=100")), new FakeMediaServer(), Clock.systemUTC());
        seedAttendedLesson(Map.of("t01", "张三", "t02", "李四"));
        seedPracticeLiveRoomSession(); // issue I (i-record)

        String base = "/api/classes/" + CLASS.value();
        String t01 = token("t01", Role.TRAINEE, CLASS.value());
        String t02 = token("t02", Role.TRAINEE, CLASS.value());
        byte[] png = new byte[2048];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        JsonNode shot = send(request(base + "/attachments?kind=practical&fileName="
                + URLEncoder.encode("订单截图.png", StandardCharsets.UTF_8), t01)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), 200);
        Map<String, Object> practical = Map.of("shopName", "山货小铺", "platform", "微店", "products", "土蜂蜜",
                "orders", 12, "turnoverCents", 356000);
        call("PUT", base + "/submissions/practical", t01, Map.of("fields", practical, "submit", true,
                "attachments", List.of(Map.of("sha256", shot.path("sha256").asText()))));
        call("PUT", base + "/submissions/practical", t02, Map.of("fields", practical, "submit", true));
        call("PUT", base + "/submissions/plan", t01, Map.of("fields", Map.of("positioning", "乡村特产",
                "customers", "城市白领", "products", "蜂蜜", "marketing", "短视频", "operations", "自营",
                "finance", "启动资金 5000 元"), "submit", true));
        Instant now = Instant.now();
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        call("PUT", base + "/forms/daily-" + day, token("a01", Role.ADMIN), Map.of("kind", "daily", "day", day,
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plusSeconds(3600).toString()));
        call("PUT", base + "/forms/daily-" + day + "/answer", t01, Map.of("answers", Map.of("content", 5,
                "lecturers", 4, "interaction", 3, "pace", "合适", "suggestions", "多讲直播带货")));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    @Test
    void adminAssignsAScorerWhoScoresTheResultsShowThePassAndTheRegulatorDownloadsIt() throws Exception {
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            // --- the admin: rubric sum checked, the teaching lecturer refused, another assigned
            page.open(url("assessment-admin.html", token("a01", Role.ADMIN)));
            page.await("the admin page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#points-sum").getText()).isEqualTo("100");
            WebElement shopPoints = page.element("#criteria tr:first-child .asmt-points");
            shopPoints.clear();
            shopPoints.sendKeys("30");
            page.element("#btn-save-rules").click();
            page.await("the rubric's sum is refused", UI, () -> page.element("#rules-msg").isDisplayed());
            assertThat(page.element("#rules-msg").getText()).contains("合计须为 100 分，现为 110 分");
            shopPoints.clear();
            shopPoints.sendKeys("20");

            page.element("#scorer-id").sendKeys("l01");
            page.element("#btn-assign").click();
            page.await("the teaching lecturer is refused", UI, () -> "250".equals(page.element("#scorer-msg").getAttribute("data-code")));
            assertThat(page.element("#scorer-msg").getText()).contains("错误码 250").contains("该讲师曾为本班授课，实践成果须由非授课讲师评分")
                    .doesNotContain("lecturer");
            page.screenshot("asmt-admin-refused");
            page.element("#scorer-id").clear();
            page.element("#scorer-id").sendKeys("s01");
            page.element("#btn-assign").click();
            page.await("s01 is listed as scorer", UI, () -> !page.elements("#scorer-list li[data-scorer='s01']").isEmpty());
            assertThat(page.element("#scorer-list").getText()).doesNotContain("l01");

            // --- the admin puts the end-of-class form from the guideline's template, then edits a question
            page.script("const local = (ms) => { const d = new Date(ms); return new Date(ms - d.getTimezoneOffset() * 60000)"
                    + ".toISOString().slice(0, 16); };"
                    + "document.getElementById('form-id').value = 'final';"
                    + "document.getElementById('form-kind').value = 'final';"
                    + "document.getElementById('form-opens').value = local(Date.now() - 120000);"
                    + "document.getElementById('form-closes').value = local(Date.now() + 3600000);");
            page.element("#btn-save-form").click();
            page.await("the final form is put with the template", UI, () -> page.elements("#questions li[data-question]").size() == 8);
            assertThat(page.element("#form-list li[data-form='final']").getText()).contains("结业满意度").contains("填写中");
            WebElement first = page.element("#questions li[data-question='course'] .asmt-qtext");
            assertThat(first.getAttribute("value")).isEqualTo("您对整个培训课程内容满意吗？");
            first.clear();
            first.sendKeys("您对本期课程内容满意吗？");
            page.element("#btn-save-form").click();
            page.await("the edited form is saved", UI, () -> "ok".equals(page.element("#form-msg").getAttribute("data-kind"))
                    && "您对本期课程内容满意吗？".equals(page.element("#questions li[data-question='course'] .asmt-qtext").getAttribute("value")));

            page.open(url("scoring.html", token("s02", Role.LECTURER)));
            page.await("the unassigned lecturer is refused", UI, () -> "refused".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#error-banner").getText()).contains("您不是本班的评分讲师");

            // --- the scorer: an out-of-range score shows the page text and keeps the inputs
            page.open(url("scoring.html", token("s01", Role.LECTURER)));
            page.await("the scorer's list", UI, () -> !page.elements("li[data-trainee='t01'] .asmt-pick").isEmpty());
            page.element("li[data-trainee='t01'] .asmt-pick").click();
            page.await("t01's record and sheet", UI, () -> !page.elements("#score-rows .asmt-points[data-criterion='shop']").isEmpty()
                    && !page.elements("dd[data-field='shopName']").isEmpty());
            assertThat(page.element("dd[data-field='shopName']").getText()).isEqualTo("山货小铺");
            assertThat(page.element(".asmt-attachment").getText()).contains("订单截图.png");
            assertThat(page.elements(".asmt-version option")).isNotEmpty();
            // issue I (i-record): t01's practice live-room session, from the trace, beside the record
            page.await("t01's practice live-room session", UI,
                    () -> !page.elements("[data-testid='cmr-table'] tr[data-room='cr-e2e']").isEmpty());
            WebElement live = page.element("[data-testid='cmr-table'] tr[data-room='cr-e2e']");
            Map<String, String> cells = new java.util.LinkedHashMap<>();
            for (String col : List.of("n", "seconds", "viewers", "likes", "orders", "units", "turnover", "buyers",
                    "conversion", "products")) {
                cells.put(col, live.findElement(org.openqa.selenium.By.cssSelector("td[data-col='" + col + "']")).getText());
            }
            assertThat(cells).containsExactly(Map.entry("n", "第 1 场"), Map.entry("seconds", "20 分 05 秒"),
                    Map.entry("viewers", "12"), Map.entry("likes", "340"), Map.entry("orders", "5"), Map.entry("units", "7"),
                    Map.entry("turnover", "¥239.30"), Map.entry("buyers", "4"), Map.entry("conversion", "33.3%"),
                    Map.entry("products", "3"));
            assertThat(live.findElement(org.openqa.selenium.By.cssSelector("td[data-col='when']")).getText())
                    .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}–\\d{2}:\\d{2}");
            assertThat(page.element("[data-testid='cmr-record'] h3").getText()).isEqualTo("模拟直播带货记录");
            page.script("document.querySelector(\"[data-testid='cmr-record']\").scrollIntoView()");
            page.screenshot("cmr-scoring-live-room");
            List<String> problems = new ArrayList<>();
            PageChecks.everyViewport(page, List.of(new LayoutEndToEndTest.Viewport("phone360", 360, 740, true),
                    new LayoutEndToEndTest.Viewport("phone390", 390, 844, true),
                    new LayoutEndToEndTest.Viewport("laptop", 1366, 768, false)), "scoring.html with live-room sessions",
                    problems);
            PageChecks.accessible(page, Files.readString(LayoutEndToEndTest.axeFile(), StandardCharsets.UTF_8),
                    "[data-testid='cmr-record']", "the live-room sessions", problems);
            page.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            page.driver().executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
            assertThat(problems).as("layout and accessibility of the live-room sessions").isEmpty();
            Map<String, String> points = Map.of("shop", "25", "products", "15", "operation", "12", "results", "10",
                    "plan-fit", "10");
            points.forEach((k, v) -> page.element("#score-rows .asmt-points[data-criterion='" + k + "']").sendKeys(v));
            page.element("#score-rows .asmt-comment[data-criterion='results']").sendKeys("订单偏少");
            page.element("#overall-comment").sendKeys("整体良好");
            page.element("#btn-score").click();
            page.await("the range error", UI, () -> "103".equals(page.element("#score-msg").getAttribute("data-code")));
            assertThat(page.element("#score-msg").getText()).contains("“店铺开设与装修”的得分须为 0–20 的整数");
            assertThat(page.element("#score-rows .asmt-points[data-criterion='shop']").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(page.element("#score-rows .asmt-points[data-criterion='products']").getAttribute("value")).isEqualTo("15");
            assertThat((String) page.script("return document.querySelector(\"#score-rows .asmt-points[data-criterion='products']\").value"))
                    .isEqualTo("15");
            assertThat((String) page.script("return document.querySelector(\"#score-rows .asmt-comment[data-criterion='results']\").value"))
                    .isEqualTo("订单偏少");
            assertThat((String) page.script("return document.getElementById('overall-comment').value")).isEqualTo("整体良好");
            page.screenshot("asmt-scoring-range-error");
            WebElement shop = page.element("#score-rows .asmt-points[data-criterion='shop']");
            shop.clear();
            shop.sendKeys("18");
            page.element("#btn-score").click();
            page.await("the sheet is saved", UI, () -> "ok".equals(page.element("#score-msg").getAttribute("data-kind")));
            assertThat(page.element("#score-msg").getText()).contains("评分已保存：合计 65 分");
            assertThat(page.element("li[data-trainee='t01'] .asmt-scored").getText()).isEqualTo("已评 65 分");

            // --- the lecturer's results page (one link on lecturer.html)
            assertThat(get("/lecturer.html")).contains("href=\"/results.html\"");
            page.open(url("results.html", token("l01", Role.LECTURER, CLASS.value())));
            page.await("the results page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            WebElement row = page.element(".asmt-results tr[data-trainee='t01']");
            assertThat(row.getText()).contains("张三").contains("65");
            assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td[data-eligible]")).getText()).isEqualTo("是");
            assertThat(row.findElement(org.openqa.selenium.By.cssSelector("td[data-passed]")).getText()).isEqualTo("是");
            assertThat(page.element(".asmt-results tr[data-trainee='t02'] td[data-passed]").getText()).isEqualTo("否");
            assertThat(page.element(".asmt-results tr[data-trainee='t02']").getText()).contains("未提交网店规划书");
            WebElement summary = page.element(".asmt-form-summary[data-form^='daily-']");
            assertThat(summary.getText()).contains("已答 1 人，回收率 50.0%").contains("平均 5").contains("多讲直播带货");
            assertThat(page.elements("svg[data-testid='forms-plot'] rect.bar-value")).hasSize(1);
            assertThat(page.element("svg[data-testid='forms-plot'] rect.bar-value").getAttribute("data-value")).isEqualTo("0.5");

            page.screenshot("asmt-results");
            assertThat(page.element(".asmt-form-summary[data-form='final']").getText()).contains("您对本期课程内容满意吗？");
            page.element("#lang-en").click();
            page.await("the results page in English", UI, () -> page.element("h1").getText().equals("Results and feedback"));
            assertThat(page.element(".asmt-results tr[data-trainee='t01'] td[data-passed]").getText()).isEqualTo("Yes");
            assertThat(page.element("body").getText()).doesNotContain("asmt.s.");
            page.element("#lang-zh").click();

            // --- the admin issues the certificate, then revokes it with a reason
            page.open(url("assessment-admin.html", token("a01", Role.ADMIN)));
            page.await("the certificates table", UI, () -> !page.elements("input.asmt-id-number[data-trainee='t01']").isEmpty());
            assertThat(page.elements("input.asmt-id-number[data-trainee='t02']")).isEmpty();
            page.element("input.asmt-id-number[data-trainee='t01']").sendKeys("11010519491231002X");
            page.element("#btn-issue").click();
            page.await("the certificate is issued", UI, () -> !page.elements("#certs tr[data-trainee='t01'] td[data-status='valid']").isEmpty());
            assertThat(page.element("#cert-msg").getText()).contains("已发放 1 张证书");
            String number = page.element("#certs tr[data-trainee='t01'] .asmt-cert-number").getText();
            assertThat(number).startsWith("110105-");
            assertThat(page.element("#certs tr[data-trainee='t01']").getText()).contains("110105********002X").contains("有效");
            page.element("#certs tr[data-trainee='t01'] .asmt-revoke").click();
            page.await("a revoke without reason is refused", UI, () -> page.element("#cert-msg").getText().contains("请填写撤销原因"));
            page.element("#certs tr[data-trainee='t01'] .asmt-reason").sendKeys("材料不实");
            page.element("#certs tr[data-trainee='t01'] .asmt-revoke").click();
            page.await("the certificate is revoked", UI, () -> !page.elements("#certs tr[data-trainee='t01'] td[data-status='revoked']").isEmpty());
            assertThat(page.element("#cert-msg").getText()).contains("证书 " + number + " 已撤销");
            assertThat(page.element("#certs tr[data-trainee='t01']").getText()).contains("已撤销");
            assertThat(gateway.proctoring().store().read(CLASS, 0, 1_000_000).stream()
                    .filter(e -> e.kind() == TraceKind.CERTIFICATE_REVOKED)
                    .map(e -> String.valueOf(e.data().get("reason")))).containsExactly("材料不实");

            // --- the regulator desk's results section and its CSV
            page.open(url("regulator.html", token("r-bj", Role.REGULATOR)).replace(CLASS.value(), ""));
            page.await("the results section is mounted", UI, () -> !page.elements("#asmt-results button[type='submit']").isEmpty());
            assertThat(page.element("#asmt-results h2").getText()).isEqualTo("考核结果");
            page.element("#asmt-results button[type='submit']").click();
            page.await("the results section lists the class", UI,
                    () -> !page.elements("#asmt-results tr[data-class='" + CLASS.value() + "']").isEmpty());
            WebElement cls = page.element("#asmt-results tr[data-class='" + CLASS.value() + "']");
            assertThat(cls.findElement(org.openqa.selenium.By.cssSelector("td[data-col='passed']")).getText()).isEqualTo("1");
            assertThat(cls.findElement(org.openqa.selenium.By.cssSelector("td[data-col='averageScore']")).getText()).isEqualTo("65.0");
            assertThat(cls.findElement(org.openqa.selenium.By.cssSelector("td[data-col='certificatesRevoked']")).getText()).isEqualTo("1");
            assertThat(page.element("#asmt-r-csv").getText()).isEqualTo("下载学员明细 CSV");
            page.element("#asmt-r-csv").click();
            page.await("the CSV is downloaded", UI, () -> page.script("return window.regulatorResults.lastCsv") != null);
            page.screenshot("asmt-regulator-results");
            String csv = (String) page.script("return window.regulatorResults.lastCsv");
            assertThat(csv).contains("学员编号 userId");
            String t01 = csv.lines().filter(l -> l.contains(",t01,")).findFirst().orElseThrow();
            assertThat(t01).startsWith(CLASS.value() + ",").contains(",张三,是 yes,65,是 yes,是 yes," + number + ",已撤销 revoked");
            // the filters: another region's prefix finds no class
            page.element("#asmt-r-region").sendKeys("44");
            page.element("#asmt-results button[type='submit']").click();
            page.await("no class of region 44", UI, () -> page.element("#asmt-r-table").getText().contains("没有符合条件的班级"));
            // a class's name opens its results and feedback: the written answers and the plot over the days
            page.element("#asmt-r-region").clear();
            page.element("#asmt-results button[type='submit']").click();
            page.await("the class is listed again", UI,
                    () -> !page.elements("#asmt-results tr[data-class='" + CLASS.value() + "'] a.asmt-r-detail").isEmpty());
            page.element("#asmt-results tr[data-class='" + CLASS.value() + "'] a.asmt-r-detail").click();
            page.await("the regulator sees the class's feedback", UI,
                    () -> !page.elements(".asmt-form-summary[data-form^='daily-']").isEmpty());
            assertThat(page.element(".asmt-form-summary[data-form^='daily-']").getText()).contains("多讲直播带货");
            assertThat(page.elements("svg[data-testid='forms-plot'] rect.bar-value")).hasSize(1);
        }
    }

    // ------------------------------------------------------------------ set-up over the wire

    private String url(String page, String token) {
        return "http://127.0.0.1:" + gateway.port() + "/" + page + "?class=" + CLASS.value() + "&token=" + token;
    }

    private String token(String user, Role role, String... classes) {
        Set<ClassroomId> ids = new LinkedHashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, ids, INSTITUTION,
                role == Role.REGULATOR ? "110000" : REGION, Instant.EPOCH), Duration.ofHours(2));
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    private JsonNode call(String method, String path, String token, Object body) throws Exception {
        return send(request(path, token).method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), 200);
    }

    private JsonNode send(HttpRequest r, int status) throws Exception {
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(r.uri() + ": " + res.body()).isEqualTo(status);
        return JSON.readTree(res.body());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A 60-minute lesson three hours ago taught by l01 that the trainees attended in full (eligible by attendance). */
    private void seedAttendedLesson(Map<String, String> trainees) throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3));
        Instant end = start.plus(Duration.ofMinutes(60));
        String lesson = "lesson-e2e";
        List<TraceEvent> events = new ArrayList<>();
        events.add(event(lesson, "l01", TraceKind.SESSION_STARTED, start, Map.of("sessionId", lesson)));
        events.add(event(lesson, "l01", TraceKind.JOINED, start, Map.of("participantId", "p0", "role", "lecturer",
                "name", "李老师", "inst", INSTITUTION, "region", REGION)));
        for (Map.Entry<String, String> t : trainees.entrySet()) {
            events.add(event(lesson, t.getKey(), TraceKind.JOINED, start, Map.of("participantId", "p-" + t.getKey(),
                    "role", "trainee", "name", t.getValue(), "inst", INSTITUTION, "region", REGION)));
            for (Instant at = start.plusSeconds(30); at.isBefore(end); at = at.plusSeconds(30)) {
                events.add(event(lesson, t.getKey(), TraceKind.HEARTBEAT, at, Map.of("visible", true)));
            }
            events.add(event(lesson, t.getKey(), TraceKind.LEFT, end, Map.of("participantId", "p-" + t.getKey(),
                    "reason", "client_request")));
        }
        events.add(event(lesson, "l01", TraceKind.SESSION_ENDED, end, Map.of("sessionId", lesson)));
        gateway.proctoring().trace().append(events).toCompletableFuture().get();
    }

    /** issue I (i-record): t01 hosted the practice live room for 20 min 5 s in that lesson (commerce.session under t01). */
    private void seedPracticeLiveRoomSession() throws Exception {
        Instant started = Instant.now().minus(Duration.ofHours(3)).plus(Duration.ofMinutes(10));
        Instant ended = started.plusSeconds(1205);
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("roomId", "cr-e2e");
        data.put("startedAt", started.toString());
        data.put("endedAt", ended.toString());
        data.put("seconds", 1205L);
        data.put("viewers", 12L);
        data.put("likes", 340L);
        data.put("orders", 5L);
        data.put("units", 7L);
        data.put("turnoverFen", 23_930L);
        data.put("buyers", 4L);
        data.put("conversionPermille", 333L);
        data.put("products", 3L);
        data.put("reason", "host-changed");
        gateway.proctoring().trace().append(List.of(event("lesson-e2e", "t01", TraceKind.COMMERCE_SESSION, ended, data)))
                .toCompletableFuture().get();
    }

    private static TraceEvent event(String lesson, String user, TraceKind kind, Instant at, Map<String, Object> data) {
        return new TraceEvent(-1, CLASS, lesson, new UserId(user), kind, at, "srv/e2e-" + SEQ.incrementAndGet(), null, data);
    }
}
