package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.e2e.HeadlessChromium;
import org.wlcy.classroom.participant.Role;

/**
 * The trainee's 结业考核 page and the public certificate look-up in headless Chromium against a
 * whole server (issue G; no media, so no Janus): the daily feedback form answered and saved, the
 * practical-results record with evidence and the business plan submitted, the plan PDF
 * downloaded, an oversized and a wrong-type attachment refused with page texts (nothing typed is
 * lost), a save after the deadline refused with the page text, then (scored and issued through
 * REST) the certificate on the page and the public look-up saying valid, unknown and revoked.
 * Phone-sized viewport (390 px): nothing wider than the screen.
 */
class AssessmentTraineeEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(20);
    private static final ClassroomId C = new ClassroomId("e2e-asmt");
    private static final String BASE = "/api/classes/" + C.value();
    @TempDir
    Path dataDir;
    @TempDir
    Path files;
    private AssessmentServer server;
    private HeadlessChromium page;

    @BeforeEach
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled()).as("Chromium and chromedriver are installed").isTrue();
        server = new AssessmentServer(dataDir, Clock.systemUTC(), "--assessment.maxAttachmentKilobytes=64");
        server.seedClass(C, "北京创业培训学校", "110105", Map.of("t01", "张三"));
        page = HeadlessChromium.start(null);
        page.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private String text(String css) {
        return page.element(css).getText();
    }

    private void awaitText(String what, String css, String expected) {
        page.await(what + " (" + css + " shows \"" + expected + "\")", UI, () -> {
            List<WebElement> found = page.elements(css);
            return !found.isEmpty() && found.get(0).getText().contains(expected);
        });
    }

    private void fill(String kind, String field, String value) {
        WebElement in = page.element("#" + kind + "-" + field);
        in.clear();
        in.sendKeys(value);
    }

    private void assertNothingWiderThanTheScreen() {
        Number wide = (Number) page.script("return document.documentElement.scrollWidth");
        assertThat(wide.intValue()).as("page width at a 390 px viewport").isLessThanOrEqualTo(390);
    }

    private Path file(String name, byte[] head, int size) throws Exception {
        byte[] b = new byte[size];
        System.arraycopy(head, 0, b, 0, head.length);
        return Files.write(files.resolve(name), b);
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void aTraineeAnswersSubmitsDownloadsIsRefusedLateAndGetsACertificateAnyoneCanLookUp() throws Exception {
        String t01 = server.token("t01", Role.TRAINEE, "110105", C.value());
        String admin = server.token("a01", Role.ADMIN, "110105");
        String teacher = server.token("l01", Role.LECTURER, "110105", C.value());
        Instant now = Instant.now();
        String day = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        assertThat(server.call("PUT", BASE + "/forms/daily-" + day, admin, Map.of("kind", "daily", "day", day,
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plusSeconds(3600).toString())).status())
                .isEqualTo(200);

        // issue I (i-record): t01 hosted the practice live room once (commerce.session under t01)
        Map<String, Object> hosted = new java.util.HashMap<>(Map.of("roomId", "cr-t", "startedAt",
                now.minusSeconds(900).toString(), "endedAt", now.minusSeconds(300).toString(), "seconds", 600L,
                "viewers", 8L, "likes", 21L, "orders", 3L, "units", 4L, "turnoverFen", 15_960L, "buyers", 2L));
        hosted.putAll(Map.of("conversionPermille", 250L, "products", 2L, "reason", "closed"));
        server.gateway.proctoring().trace().append(List.of(new org.wlcy.classroom.trace.TraceEvent(-1, C, "lesson-t",
                new org.wlcy.classroom.participant.UserId("t01"), org.wlcy.classroom.trace.TraceKind.COMMERCE_SESSION,
                now.minusSeconds(300), "srv/cmr-t01", null, hosted))).toCompletableFuture().get();

        page.open(url("/assessment.html?class=" + C.value() + "&token=" + t01));
        page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
        assertThat(text("h1")).isEqualTo("结业考核");
        page.await("my practice live-room session under my practical record", UI,
                () -> !page.elements("#asmt-practical [data-testid='cmr-table'] tr[data-room='cr-t']").isEmpty());
        assertThat(text("#asmt-practical tr[data-room='cr-t'] td[data-col='turnover']")).isEqualTo("¥159.60");
        assertThat(text("#asmt-practical tr[data-room='cr-t'] td[data-col='conversion']")).isEqualTo("25.0%");
        assertThat(text("#asmt-practical tr[data-room='cr-t'] td[data-col='seconds']")).isEqualTo("10 分 00 秒");

        // (a) The daily form: a rating of 5 on every rating question, the first choice, a remark.
        WebElement form = page.element("form.asmt-form[data-form='daily-" + day + "']");
        assertThat(form.getText()).contains("每日意见反馈表");
        for (WebElement q : form.findElements(By.cssSelector("fieldset[data-type='rating']"))) {
            q.findElement(By.cssSelector("input[value='5']")).click();
        }
        for (WebElement q : form.findElements(By.cssSelector("fieldset[data-type='choice']"))) {
            q.findElement(By.cssSelector("input[type='radio']")).click();
        }
        for (WebElement q : form.findElements(By.cssSelector("fieldset[data-type='text'] textarea"))) {
            q.sendKeys("多一些实操");
        }
        form.findElement(By.cssSelector("button[type='submit']")).click();
        awaitText("the form is saved", "form.asmt-form [data-testid='form-status']", "已保存");
        JsonNode mine = server.call("GET", BASE + "/forms", t01, null).body().path("forms").get(0).path("myAnswer");
        JsonNode asked = server.call("GET", BASE + "/forms", t01, null).body().path("forms").get(0).path("questions");
        for (JsonNode q : asked) {
            if (q.path("type").asText().equals("rating")) {
                assertThat(mine.path(q.path("id").asText()).asInt()).as("rating %s on the server", q.path("id")).isEqualTo(5);
            }
        }
        assertThat(mine.toString()).contains("多一些实操");
        page.screenshot("assessment-trainee-form-saved");

        // (b) The practical record: typed, then an oversized and a wrong-type file refused with page texts.
        fill("practical", "shopName", "山货小铺");
        new Select(page.element("#practical-platform")).selectByVisibleText("微店");
        fill("practical", "products", "土蜂蜜");
        fill("practical", "orders", "2.5");
        fill("practical", "turnoverCents", "356000");
        page.element("#asmt-practical .asmt-save").click();
        awaitText("a fraction of an order is refused, naming the field", "#asmt-practical .asmt-status",
                "“培训期间订单数”填写有误或未填写");
        fill("practical", "orders", "12");
        page.element("#asmt-practical-file").sendKeys(file("订单截图-大.png", PNG, 100 * 1024).toString());
        awaitText("an oversized file is refused", "#asmt-practical .asmt-att-status", "文件太大");
        page.element("#asmt-practical-file").sendKeys(file("订单.pdf", "not a pdf at all".getBytes(), 2048).toString());
        awaitText("a wrong-type file is refused", "#asmt-practical .asmt-att-status", "文件类型不符合要求");
        assertThat(page.element("#practical-shopName").getAttribute("value")).as("nothing typed is lost").isEqualTo("山货小铺");
        assertThat(page.element("#practical-orders").getAttribute("value")).isEqualTo("12");
        assertThat(page.elements("#asmt-practical .asmt-files li")).isEmpty();
        page.element("#asmt-practical-file").sendKeys(file("订单截图.png", PNG, 20 * 1024).toString());
        awaitText("the evidence is uploaded", "#asmt-practical .asmt-att-status", "已上传 订单截图.png");
        page.element("#asmt-practical .asmt-submit").click();
        awaitText("the record is submitted", "#asmt-practical [data-testid='practical-version']", "已提交第 1 版");
        JsonNode practical = server.call("GET", BASE + "/submissions/practical", t01, null).body();
        assertThat(practical.path("versions").get(0).path("fields").path("shopName").asText()).isEqualTo("山货小铺");
        assertThat(practical.path("versions").get(0).path("attachments").get(0).path("fileName").asText())
                .isEqualTo("订单截图.png");

        // (c) The business plan: a draft, then submitted; its PDF downloaded for printing.
        fill("plan", "positioning", "乡村特产网店");
        page.element("#asmt-plan .asmt-save").click();
        awaitText("the draft is saved", "#asmt-plan .asmt-status", "草稿已保存");
        Map<String, String> plan = Map.of("customers", "城市白领", "products", "蜂蜜", "marketing", "短视频",
                "operations", "自营", "finance", "启动资金 5000 元");
        plan.forEach((k, v) -> fill("plan", k, v));
        page.element("#asmt-plan .asmt-submit").click();
        awaitText("the plan is submitted", "#asmt-plan [data-testid='plan-version']", "已提交第 1 版");
        page.element("#asmt-plan-pdf").click();
        page.await("the plan PDF is downloaded", UI, () -> page.element("#asmt-plan-pdf-link").getAttribute("data-bytes") != null);
        Object head = page.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('asmt-plan-pdf-link').href).then(r => r.arrayBuffer())"
                + ".then(b => done(new TextDecoder().decode(new Uint8Array(b).slice(0, 5)))).catch(e => done(String(e)));");
        assertThat(head).as("the download is a PDF").isEqualTo("%PDF-");
        assertNothingWiderThanTheScreen();
        page.screenshot("assessment-trainee-submitted");

        // After the deadline: a save is refused with the page text, the form is read-only, nothing typed is lost.
        assertThat(server.call("PUT", BASE + "/assessment/deadlines/practical", teacher,
                Map.of("at", Instant.now().minusSeconds(1).toString())).status()).isEqualTo(200);
        fill("practical", "summary", "学会了开店");
        page.element("#asmt-practical .asmt-submit").click();
        awaitText("the late save is refused", "#asmt-practical .asmt-status", "提交已截止");
        assertThat(page.element("#practical-summary").getAttribute("value")).isEqualTo("学会了开店");
        assertThat(page.element("#practical-shopName").isEnabled()).as("read-only after the deadline").isFalse();
        assertThat(server.call("GET", BASE + "/submissions/practical", t01, null).body().path("versions")).hasSize(1);
        page.open(url("/assessment.html"));
        page.await("the page is ready again", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
        assertThat(page.element("#asmt-practical .asmt-closed").isDisplayed()).isTrue();
        assertThat(text("#asmt-practical .asmt-closed")).contains("提交已截止");
        assertThat(page.element("#asmt-practical .asmt-submit").isEnabled()).isFalse();
        assertThat(text("#asmt-verdict")).isEqualTo("尚未合格");
        assertThat(text("#asmt-cert")).contains("证书尚未发放");

        // Scored by an assigned scorer and issued by an admin (REST): the page shows the result and the certificate.
        String scorer = server.token("s01", Role.LECTURER, "110105", "other-class");
        assertThat(server.call("POST", BASE + "/assessment/scorers", admin, Map.of("scorer", "s01")).status()).isEqualTo(200);
        assertThat(server.call("POST", BASE + "/scores", scorer, Map.of("trainee", "t01",
                "points", Map.of("shop", 18, "products", 15, "operation", 12, "results", 10, "plan-fit", 10),
                "comment", "整体良好")).status()).isEqualTo(200);
        JsonNode issued = server.call("POST", BASE + "/certificates", admin,
                Map.of("idNumbers", Map.of("t01", "11010519491231002X"))).body();
        String number = issued.path("issued").get(0).path("number").asText();
        page.open(url("/assessment.html"));
        page.await("the page is ready with the result", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
        assertThat(text("#asmt-verdict")).isEqualTo("考核合格");
        assertThat(text("#asmt-result")).contains("65 分").doesNotContain("s01");
        assertThat(text("[data-testid='cert-number']")).isEqualTo(number);
        assertThat(text("#asmt-cert")).contains("张三", "证书有效");
        page.element("#asmt-cert-pdf").click();
        page.await("the certificate PDF is downloaded", UI,
                () -> page.element("#asmt-cert-pdf-link").getAttribute("data-bytes") != null);
        assertNothingWiderThanTheScreen();
        page.screenshot("assessment-trainee-certificate");
        page.element("#lang-en").click();
        assertThat(text("h1")).isEqualTo("Assessment");
        assertThat(text("#asmt-verdict")).isEqualTo("Passed");
        assertThat(text("label[for='practical-shopName']")).startsWith("Shop or account name");
        assertThat(text("#asmt-cert")).contains("Valid certificate");
        page.element("#lang-zh").click();
        assertThat(text("label[for='practical-shopName']")).startsWith("店铺或账号名称");

        // The public look-up: served without a token, works with none.
        assertThat(server.get("/certificate.html", null).statusCode()).isEqualTo(200);
        String lookup = page.element("#asmt-cert-lookup").getAttribute("href");
        page.script("sessionStorage.clear(); localStorage.clear();");
        page.open(lookup);
        assertThat(text("h1")).isEqualTo("证书查询");
        assertThat(page.element("#cert-number").getAttribute("value")).isEqualTo(number);
        page.element("#cert-submit").click();
        page.await("valid", UI, () -> "valid".equals(page.element("#cert-result").getAttribute("data-status")));
        assertThat(text("#cert-result")).isEqualTo("证书有效");
        page.element("#cert-name").clear();
        page.element("#cert-name").sendKeys("李四");
        page.element("#cert-submit").click();
        page.await("unknown for a wrong name", UI,
                () -> "unknown".equals(page.element("#cert-result").getAttribute("data-status")));
        assertThat(text("#cert-result")).contains("未找到该证书");
        assertThat(server.call("POST", "/api/certificates/" + number + "/revoke", admin, Map.of("reason", "材料不实"))
                .status()).isEqualTo(200);
        page.element("#cert-name").clear();
        page.element("#cert-name").sendKeys("张三");
        page.element("#cert-submit").click();
        page.await("revoked after revocation", UI,
                () -> "revoked".equals(page.element("#cert-result").getAttribute("data-status")));
        assertThat(text("#cert-result")).isEqualTo("证书已撤销");
        assertNothingWiderThanTheScreen();
        page.screenshot("certificate-lookup-revoked");
        page.element("#lang-en").click();
        assertThat(text("#cert-result")).isEqualTo("This certificate was revoked");
        assertThat(new String(server.get("/certificate.html", null).body(), StandardCharsets.UTF_8)).contains("cert-form");
    }

    @Test
    void theTraineePagePromptsWhenAFormOpensAndLinksToIt() throws Exception {
        String t01 = server.token("t01", Role.TRAINEE, "110105", C.value());
        String admin = server.token("a01", Role.ADMIN, "110105");
        page.open(url("/trainee.html?class=" + C.value() + "&token=" + t01));
        page.await("the trainee is in the class", UI,
                () -> "open".equals(page.element("#connection-state").getAttribute("data-state")));
        assertThat(page.element("#form-prompt").isDisplayed()).isFalse();
        assertThat(text("#asmt-link")).isEqualTo("结业考核");

        Instant now = Instant.now();
        assertThat(server.call("POST", BASE + "/forms/final/open", admin,
                Map.of("closesAt", now.plusSeconds(3600).toString())).status()).isEqualTo(200);
        page.await("the prompt appears", UI, () -> page.element("#form-prompt").isDisplayed());
        assertThat(text("#form-prompt")).contains("期末评估表已开放");
        // The trainee page itself is being re-laid out for phones elsewhere; the prompt fits the screen.
        Number right = (Number) page.script("const r = document.getElementById('form-prompt').getBoundingClientRect();"
                + "return r.left >= 0 && r.right <= window.innerWidth ? r.right : -1");
        assertThat(right.intValue()).as("the prompt is inside a 390 px screen").isBetween(1, 390);
        page.screenshot("trainee-form-prompt");

        String link = page.element("#form-prompt a").getAttribute("href");
        assertThat(link).contains("/assessment.html").contains("#asmt-forms");
        page.open(link);
        page.await("the assessment page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
        assertThat(page.element("form.asmt-form[data-form='final']").getText()).contains("期末评估表");
    }
}
