package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The class pages of issue H (issue H pages) in headless Chromium against a whole gateway, zh-CN (no
 * Janus: the pages need no media). An institution's admin creates a class on classes.html (the
 * online share shown live against the 50 % cap, the plan's problem in Chinese), previews a
 * GBK-encoded CSV with a wrong check character and a formula cell (each row's problem in Chinese,
 * never the server's English), imports it anyway (refused: nothing saved, the file still chosen),
 * imports a correct .xlsx, applies; the regulator of the region on openings.html sees it with the
 * roster's sex and age split, is refused an empty reason by the page, returns it with a reason;
 * the admin reads the reason, changes a lecturer and applies again; the regulator approves and the
 * admin sees 已批准. Both pages fit 360, 390 and 1366 px wide, and axe-core finds no serious or
 * critical violation. Everything asserted is what the pages show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrolmentPagesEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "enrolment-pages-e2e-secret-0123456789abcdef";
    private static final String CLASS = "sz-2027-01";
    private static final String REASON = "讲师 l02 的合格证书已过期";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LayoutEndToEndTest.Viewport> VIEWPORTS = List.of(
            new LayoutEndToEndTest.Viewport("phone360", 360, 740, true),
            new LayoutEndToEndTest.Viewport("phone390", 390, 844, true),
            new LayoutEndToEndTest.Viewport("laptop", 1366, 768, false));
    private Path dataDir;
    private Path files;
    private Gateway gateway;
    private String axe;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/install-deps.sh test installs them)").isTrue();
        axe = Files.readString(LayoutEndToEndTest.axeFile(), StandardCharsets.UTF_8);
        dataDir = Files.createTempDirectory("enrolment-e2e");
        files = Files.createTempDirectory("enrolment-e2e-files");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")), new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (Path dir : new Path[] {dataDir, files}) {
            if (dir == null) {
                continue;
            }
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    private static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void aClassIsPlannedItsRosterImportedAndItsOpeningReturnedThenApproved() throws Exception {
        String a = id("44030519900101001");
        String b = id("44030519920202002");
        String c = id("44030519950303003");
        // What Excel on a Chinese Windows writes: GBK. Row 3 has a wrong check character, row 4 a formula.
        Path bad = files.resolve("花名册-有误.csv");
        Files.write(bad, ("姓名,身份证号,手机号\r\n张三," + a + ",13800138000\r\n李四," + b.substring(0, 17)
                + (b.endsWith("0") ? "1" : "0") + ",13900139000\r\n=HYPERLINK(\"http://x\")," + c + ",13700137000\r\n")
                .getBytes(Charset.forName("GBK")));
        Path good = files.resolve("花名册.xlsx");
        Files.write(good, xlsx(List.of(List.of("姓名", "身份证号", "手机号", "性别"), List.of("张三", a, "13800138000", "男"),
                List.of("李四", b, "13900139000", "女"), List.of("王五", c, "13700137000", "男"))));

        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            String admin = token("admin-sz", Role.ADMIN, "深圳职训中心", "440305");
            String regulator = token("reg-gd", Role.REGULATOR, "", "440000");

            // ---- the admin plans a class: the online share is shown live against the cap
            page.open(url("classes.html", admin, null));
            ready(page);
            assertThat(page.element("#classes-empty").isDisplayed()).isTrue();
            page.element("#btn-new").click();
            page.await("the plan form opens", UI, () -> page.element("#plan-card").isDisplayed());
            assertThat(page.element("#cls-region").getText()).contains("440305").contains("广东省");
            page.element("#cls-id").sendKeys(CLASS);
            page.element("#cls-name").sendKeys("深圳网创第1期");
            page.element("#cls-lecturer-1").sendKeys("l01");
            page.element("#cls-lecturer-2").sendKeys("l02");
            page.element("#btn-week").click();
            page.await("seven training days", UI, () -> page.elements("#days tr").size() == 7);
            for (int i = 0; i < 4; i++) {
                new Select(page.element("#days .cls-mode[data-day='" + i + "']")).selectByValue("online");
            }
            page.await("the share is over the cap", UI, () -> "true".equals(page.element("#share").getAttribute("data-over")));
            assertThat(page.element("#share-text").getText()).contains("32").contains("56").contains("57.1%").contains("超过上限 50%");
            assertThat(page.element("#rules-hint").getText()).contains("第七条").contains("2 名讲师").contains("56 课时");
            page.element("#btn-save").click();
            page.await("the plan's problem is listed", UI, () -> !page.elements("#plan-problems li[data-code='online.share']").isEmpty());
            assertThat(page.element("#plan-problems").getText()).contains("线上课时超过总课时的 50%").doesNotContain("online");
            new Select(page.element("#days .cls-mode[data-day='3']")).selectByValue("offline");
            assertThat(page.element("#share-text").getText()).contains("42.9%").contains("上限 50%");
            page.element("#btn-save").click();
            page.await("the plan is saved without problems", UI, () -> page.elements("#plan-problems li").isEmpty()
                    && "ok".equals(page.element("#plan-msg").getAttribute("data-kind")));
            assertThat(page.element("#class-list").getText()).contains("深圳网创第1期").contains("草稿");

            // ---- applying with no roster is refused in Chinese
            page.element("#btn-submit").click();
            page.await("no roster: 261", UI, () -> "261".equals(page.element("#submit-msg").getAttribute("data-code")));
            assertThat(page.element("#submit-msg").getText()).contains("请先导入学员花名册");

            // ---- a file over the server's 64 KiB body limit: the page says so and does not send it
            Path huge = files.resolve("huge.csv");
            Files.write(huge, ("姓名,身份证号,手机号\n" + "张三,x,1\n".repeat(12_000)).getBytes(StandardCharsets.UTF_8));
            page.element("#roster-file").sendKeys(huge.toString());
            page.element("#btn-preview").click();
            page.await("the huge file is refused", UI, () -> page.element("#roster-msg").isDisplayed());
            assertThat(page.element("#roster-msg").getText()).contains("文件过大（最大 64 KB）").contains("文件未上传");
            assertThat(page.element("#preview").isDisplayed()).isFalse();

            // ---- the GBK file with errors: previewed row by row in Chinese, imported anyway: nothing saved
            page.element("#roster-file").sendKeys(bad.toString());
            page.element("#btn-preview").click();
            page.await("the preview shows", UI, () -> page.element("#preview").isDisplayed());
            assertThat(page.element("#preview-meta").getText()).contains("GBK/GB18030").contains("读取 3 行");
            assertThat(page.element("#preview-rows tr[data-line='2']").getText()).contains("张三").contains("可导入")
                    .contains("440305********").doesNotContain("19900101");
            assertThat(page.element("#preview-rows tr[data-line='3']").getText()).contains("身份证号：身份证号校验位不符");
            assertThat(page.element("#preview-rows tr[data-line='4']").getText()).contains("单元格是公式");
            assertThat(shownText(page, "#preview")).as("the preview shows no English").doesNotContainPattern("[A-Za-z]{4,}");
            assertThat(page.element("#roster-msg").getText()).contains("2 个问题");
            everyViewport(page, "classes.html (preview)");
            accessible(page, "classes.html (preview)");

            page.element("#btn-import").click();
            page.await("the import is refused: 260", UI, () -> "260".equals(page.element("#roster-msg").getAttribute("data-code")));
            page.script("document.getElementById('roster-card').scrollIntoView()");
            page.screenshot("enrolment-import-refused");
            LayoutEndToEndTest.viewport(page, VIEWPORTS.get(1));
            page.screenshot("enrolment-import-refused-phone");
            assertThat(page.element("#roster-msg").getText()).contains("错误码 260").contains("本次未保存任何学员");
            assertThat(shownText(page, "#roster-msg")).doesNotContain("refused").doesNotContain("problem");
            assertThat(page.element("#roster-count").getText()).contains("共 0 名");
            assertThat(page.element("#preview-rows tr[data-line='3']").getText()).contains("校验位不符");
            assertThat(page.script("return document.getElementById('roster-file').files.length")).as("the file stays chosen")
                    .isEqualTo(1L);
            assertThat(json("GET", "/api/admin/classes/" + CLASS, admin).path("trainees").asInt()).isZero();
            // English is available: the same rows in English, then back to Chinese
            page.element("#lang-en").click();
            page.await("the rows read in English", UI,
                    () -> page.element("#preview-rows tr[data-line='3']").getText().contains("check character is wrong"));
            assertThat(page.element("#share-text").getText()).contains("Online 24 of 56 class hours");
            page.element("#lang-zh").click();
            page.await("the rows read in Chinese again", UI,
                    () -> page.element("#preview-rows tr[data-line='3']").getText().contains("校验位不符"));

            // ---- the correct .xlsx: previewed, imported, applied
            page.element("#roster-file").sendKeys(good.toString());
            page.element("#btn-preview").click();
            page.await("the .xlsx preview is acceptable", UI,
                    () -> "true".equals(page.element("#preview").getAttribute("data-acceptable")));
            assertThat(page.element("#preview-meta").getText()).contains("Excel (.xlsx)");
            page.element("#btn-import").click();
            page.await("three trainees imported", UI, () -> page.element("#roster-count").getText().contains("共 3 名"));
            assertThat(page.element("#roster-table").getText()).contains("王五").contains("138****8000");
            page.element("#btn-submit").click();
            page.await("submitted", UI, () -> page.element("#state-line").getText().contains("已提交，待审批"));
            assertThat(page.element("#cls-name").isEnabled()).as("the plan is locked while decided").isFalse();
            assertThat(page.element("#btn-import").isEnabled()).isFalse();

            // ---- the regulator: the queue, the plan and roster summary; an empty reason is refused
            page.open(url("openings.html", regulator, null));
            ready(page);
            String row = "#openings tr[data-class='" + CLASS + "']";
            page.await("the queue lists the class", UI, () -> !page.elements(row).isEmpty());
            assertThat(page.element(row).getText()).contains("深圳职训中心").contains("已提交，待审批");
            page.element(row + " .cls-open").click();
            page.await("the application opens", UI, () -> page.element("#detail").isDisplayed());
            assertThat(page.element("#plan-facts").getText()).contains("l01、l02").contains("7 天，56 课时").contains("42.9%");
            assertThat(page.element("#roster-summary").getText()).contains("共 3 名学员").contains("男 2 名、女 1 名")
                    .contains("35–44 岁 1 名");
            everyViewport(page, "openings.html (detail)");
            accessible(page, "openings.html (detail)");
            page.script("document.getElementById('detail').scrollIntoView()");
            page.screenshot("enrolment-opening-detail");
            page.element("#return-reason").sendKeys("   ");
            page.element("#btn-return").click();
            page.await("the page refuses an empty reason", UI, () -> page.element("#decide-msg").isDisplayed());
            assertThat(page.element("#decide-msg").getText()).contains("请填写退回原因");
            assertThat(page.element("#return-reason").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(json("GET", "/api/regulator/openings/" + CLASS, regulator).path("state").asText()).isEqualTo("submitted");
            page.element("#return-reason").clear();
            page.element("#return-reason").sendKeys(REASON);
            page.element("#btn-return").click();
            page.await("returned", UI, () -> page.element("#detail-state").getText().contains("已退回"));
            assertThat(page.element("#detail-steps").getText()).contains(REASON);

            // ---- the admin reads the reason, changes the lecturer, applies again
            page.open(url("classes.html", admin, CLASS));
            ready(page);
            page.await("the class opens", UI, () -> page.element("#returned-note").isDisplayed());
            assertThat(page.element("#returned-reason").getText()).isEqualTo(REASON);
            assertThat(page.element("#btn-submit").getText()).isEqualTo("修改后重新提交");
            WebElement second = page.element("#cls-lecturer-2");
            second.clear();
            second.sendKeys("l03");
            page.element("#btn-save").click();
            page.await("saved as a draft again", UI, () -> page.element("#state-line").getText().contains("草稿"));
            page.element("#btn-submit").click();
            page.await("submitted again", UI, () -> page.element("#state-line").getText().contains("已提交，待审批"));

            // ---- the regulator approves; the admin sees it approved
            page.open(url("openings.html", regulator, null));
            ready(page);
            page.await("the queue lists it again", UI, () -> !page.elements(row).isEmpty());
            page.element(row + " .cls-open").click();
            page.await("the application opens", UI, () -> page.element("#plan-facts").getText().contains("l01、l03"));
            page.element("#btn-approve").click();
            page.await("approved", UI, () -> page.element("#detail-state").getText().contains("已批准"));
            page.open(url("classes.html", admin, CLASS));
            ready(page);
            page.await("the admin sees it approved", UI, () -> page.element("#state-line").getText().contains("已批准"));
            assertThat(page.element("#classes tr[data-class='" + CLASS + "']").getText()).contains("已批准");
            assertThat(page.element("#steps").getText()).contains(REASON).contains("批准开班");
            everyViewport(page, "classes.html (approved)");
            accessible(page, "classes.html (approved)");
            page.script("window.scrollTo(0, 0)");
            page.screenshot("enrolment-approved");

            // ---- the desk's one link leads each role to its page
            page.open(url("regulator.html", admin, null));
            page.await("the desk links an admin to the classes", UI,
                    () -> page.element("#link-enrolment").getAttribute("href").endsWith("/classes.html"));
            page.open(url("regulator.html", regulator, null));
            page.await("the desk is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#link-enrolment").getAttribute("href")).endsWith("/openings.html");
            assertThat(page.element("#link-enrolment").getText()).isEqualTo("开班申请审批");
            everyViewport(page, "regulator.html (with the link)");
            accessible(page, "regulator.html (with the link)");
        }
        assertThat(problems).as("layout and accessibility problems").isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private static void ready(HeadlessChromium page) {
        page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
    }

    private static String shownText(HeadlessChromium page, String css) {
        return String.valueOf(page.script("const n = document.querySelector(arguments[0]);"
                + "const c = n.cloneNode(true); c.querySelectorAll('details').forEach(d => d.remove()); return c.innerText;", css));
    }

    private void everyViewport(HeadlessChromium page, String what) {
        PageChecks.everyViewport(page, VIEWPORTS, what, problems);
    }

    private void accessible(HeadlessChromium page, String what) throws Exception {
        PageChecks.accessible(page, axe, null, what, problems);
    }

    private String url(String page, String token, String classId) {
        return "http://127.0.0.1:" + gateway.port() + "/" + page + "?token=" + token + (classId == null ? "" : "&class=" + classId);
    }

    private String token(String user, Role role, String institution, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(), institution, region,
                Instant.EPOCH), Duration.ofHours(2));
    }

    private JsonNode json(String method, String path, String token) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gateway.port() + path)).header("Authorization", "Bearer " + token)
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** A minimal .xlsx (one sheet, inline strings), as a spreadsheet program would save it. */
    static byte[] xlsx(List<List<String>> rows) throws IOException {
        StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (int r = 0; r < rows.size(); r++) {
            sheet.append("<row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < rows.get(r).size(); c++) {
                sheet.append("<c r=\"").append((char) ('A' + c)).append(r + 1).append("\" t=\"inlineStr\"><is><t>")
                        .append(rows.get(r).get(c)).append("</t></is></c>");
            }
            sheet.append("</row>");
        }
        sheet.append("</sheetData></worksheet>");
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
        parts.put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"学员\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
        parts.put("xl/worksheets/sheet1.xml", sheet.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var p : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(p.getKey()));
                zip.write(p.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
