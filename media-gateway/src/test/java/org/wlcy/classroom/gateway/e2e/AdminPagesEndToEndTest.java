package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Issue H, issue H pages, in headless Chromium against a whole gateway with
 * {@code classes.requireApproval=true} (no Janus: neither the pages nor the lecturer's start
 * button need media). A lecturer starting a lesson in a class whose opening application is only
 * submitted reads the Chinese text of 264 beside the start button (the rest of the class page
 * going on), and after the regulator approves, the lesson starts. An admin moves between the four
 * admin pages by the shared navigation (the current page marked, the token kept), downloads a
 * class's roster as CSV (UTF-8 with a BOM, under the class's Chinese name) and its results as
 * Excel (a zip) into Chromium's download folder, and reads a refused download in Chinese; the
 * regulator downloads the attendance from the application. The pages fit 360, 390 and 1366 px and
 * axe-core finds no serious or critical violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPagesEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "admin-pages-e2e-secret-0123456789abcdef";
    private static final String INSTITUTION = "深圳职训中心";
    private static final String REGION = "440305";
    private static final String ERR_264 = "该班级的开班申请尚未经监管部门批准，暂不能开始上课";
    private static final List<LayoutEndToEndTest.Viewport> VIEWPORTS = List.of(
            new LayoutEndToEndTest.Viewport("phone360", 360, 740, true),
            new LayoutEndToEndTest.Viewport("phone390", 390, 844, true),
            new LayoutEndToEndTest.Viewport("laptop", 1366, 768, false));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Path dataDir;
    private Path downloads;
    private Gateway gateway;
    private String axe;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/install-deps.sh test installs them)").isTrue();
        axe = Files.readString(LayoutEndToEndTest.axeFile(), StandardCharsets.UTF_8);
        dataDir = Files.createTempDirectory("admin-pages-e2e");
        downloads = Files.createTempDirectory("admin-pages-e2e-downloads");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false", "--classes.requireApproval=true")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (Path dir : new Path[] {dataDir, downloads}) {
            if (dir == null) {
                continue;
            }
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @Test
    void aLecturerReadsWhyTheLessonCannotStartUntilTheRegulatorApproves() throws Exception {
        String classId = "sz-gate-e2e";
        createAndSubmit(classId, "深圳网创第6期");
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open(url("lecturer.html", token("l01", Role.LECTURER, classId), classId));
            page.await("the start button is enabled", UI, () -> page.element("#btn-start").isEnabled());
            page.element("#btn-start").click();
            page.await("the refusal is shown beside the start button", UI,
                    () -> page.element("#start-refusal").isDisplayed());
            assertThat(page.element("#start-refusal").getAttribute("data-code")).isEqualTo("264");
            assertThat(page.element("#start-refusal [data-testid='start-refusal-text']").getText()).isEqualTo(ERR_264);
            assertThat(page.element("#start-refusal").getText()).startsWith("错误码 264").contains("批准开班申请后即可开始上课");
            assertThat(String.valueOf(page.script("const c = document.getElementById('start-refusal').cloneNode(true);"
                    + "c.querySelectorAll('details').forEach(d => d.remove()); return c.innerText;")))
                    .as("the server's English message is folded away").doesNotContain("application").doesNotContain("approves");
            Number gap = (Number) page.script("const b = document.getElementById('btn-start').getBoundingClientRect();"
                    + "const n = document.getElementById('start-refusal').getBoundingClientRect(); return n.top - b.bottom;");
            assertThat(gap.doubleValue()).as("the refusal sits right under the start button").isBetween(-1.0, 80.0);
            // the rest of the class page goes on: still connected, no lesson, the button usable again
            assertThat(page.element("#session-state").getAttribute("data-state")).isEqualTo("waiting");
            assertThat(page.element("#connection-state").getAttribute("data-state")).isEqualTo("open");
            page.await("the start button is enabled again", UI, () -> page.element("#btn-start").isEnabled());
            page.element("#lang-en").click();
            page.await("the refusal reads in English", UI, () -> page.element("#start-refusal").getText()
                    .contains("its class-opening application has not been approved by the regulator"));
            page.element("#lang-zh").click();
            page.await("the refusal reads in Chinese again", UI, () -> page.element("#start-refusal").getText().contains(ERR_264));
            PageChecks.everyViewport(page, VIEWPORTS, "lecturer.html (start refused)", problems);
            PageChecks.accessible(page, axe, ".toolbar", "lecturer.html toolbar (start refused)", problems);
            LayoutEndToEndTest.viewport(page, VIEWPORTS.get(0));
            page.script("window.scrollTo(0, 0)");
            page.screenshot("admin-pages-start-refused-phone");

            assertThat(call("POST", "/api/regulator/openings/" + classId + "/approve", regulator(), null).statusCode())
                    .isEqualTo(200);
            page.element("#btn-start").click();
            page.await("the lesson is live once approved", UI,
                    () -> "live".equals(page.element("#session-state").getAttribute("data-state")));
            assertThat(page.element("#start-refusal").isDisplayed()).isFalse();
        }
        assertThat(problems).as("layout and accessibility problems").isEmpty();
    }

    @Test
    void anAdminMovesBetweenTheAdminPagesAndDownloadsTheClassAsCsvAndExcel() throws Exception {
        String classId = "sz-exp-e2e";
        createAndSubmit(classId, "深圳网创第5期");
        String admin = token("admin-sz", Role.ADMIN);
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.driver().executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));

            // ---- classes.html: the navigation, the class's export buttons
            page.open(url("classes.html", admin, classId));
            ready(page);
            page.await("the navigation is shown", UI, () -> !page.elements("#admin-nav a").isEmpty());
            assertThat(page.elements("#admin-nav a").stream().map(a -> a.getText()).toList())
                    .containsExactly("班级与开班申请", "合作系统", "结业考核设置", "成绩与反馈", "事件推送");
            assertThat(current(page)).isEqualTo("classes.html");
            page.await("the class opens with its exports", UI, () -> page.element("#export-card").isDisplayed());
            assertThat(page.elements("#exports .exp-btn")).hasSize(6);

            page.element("#exports .exp-btn[data-kind='roster'][data-format='csv']").click();
            byte[] roster = downloaded(page, "深圳网创第5期-花名册.csv");
            assertThat(Arrays.copyOf(roster, 3)).as("UTF-8 with a BOM").containsExactly(0xEF, 0xBB, 0xBF);
            String text = new String(roster, 3, roster.length - 3, StandardCharsets.UTF_8);
            assertThat(text).startsWith("序号 no,姓名 name,身份证号 idNumber").contains("张三").contains(id("44030519900101001"));
            assertThat(page.element("#export-msg").getText()).isEqualTo("已下载：深圳网创第5期-花名册.csv");

            page.element("#exports .exp-btn[data-kind='results'][data-format='xlsx']").click();
            byte[] results = downloaded(page, "深圳网创第5期-考核结果.xlsx");
            assertThat(Arrays.copyOf(results, 4)).as("a zip, as .xlsx is").containsExactly('P', 'K', 3, 4);

            // a refused download: the server's answer for an admin of another institution, in Chinese
            String other = tokenOf("admin-gz", Role.ADMIN, "广州职训中心", "440106");
            page.script("const real = window.fetch; window.fetch = (u, o) => String(u).includes('/attendance.xlsx')"
                    + " ? real(u, {...o, headers: {Authorization: 'Bearer ' + arguments[0]}}) : real(u, o);", other);
            page.element("#exports .exp-btn[data-kind='attendance'][data-format='xlsx']").click();
            page.await("the refusal is shown", UI, () -> "304".equals(page.element("#export-msg").getAttribute("data-code")));
            assertThat(page.element("#export-msg").getAttribute("data-kind")).isEqualTo("error");
            assertThat(page.element("#export-msg").getText()).startsWith("错误码 304：");
            assertThat(String.valueOf(page.script("const c = document.getElementById('export-msg').cloneNode(true);"
                    + "c.querySelectorAll('details').forEach(d => d.remove()); return c.innerText;")))
                    .doesNotContainPattern("[A-Za-z]{5,}");
            PageChecks.everyViewport(page, VIEWPORTS, "classes.html (exports)", problems);
            PageChecks.accessible(page, axe, null, "classes.html (exports)", problems);
            LayoutEndToEndTest.viewport(page, VIEWPORTS.get(0));
            page.script("document.getElementById('export-card').scrollIntoView()");
            page.screenshot("admin-pages-exports-phone");

            // ---- the navigation leads to each admin page, the token kept, the page marked
            for (String[] next : new String[][] {{"partners.html", "合作系统"}, {"assessment-admin.html", "结业考核设置"},
                    {"results.html", "成绩与反馈"}, {"webhooks.html", "事件推送"}, {"classes.html", "班级与开班申请"}}) {
                page.script("window.scrollTo(0, 0)");
                page.element("#admin-nav a[href='/" + next[0] + "']").click();
                page.await("on " + next[0], UI, () -> String.valueOf(page.script("return location.pathname")).endsWith(next[0])
                        && !page.elements("#admin-nav a[aria-current='page']").isEmpty());
                assertThat(current(page)).isEqualTo(next[0]);
                assertThat(page.element("#admin-nav a[aria-current='page']").getText()).isEqualTo(next[1]);
                page.await("the token came along", UI, () -> page.element("#me").getText().contains("n-admin-sz"));
                page.await(next[0] + " has loaded", UI, () -> !"loading".equals(page.script("return document.body.dataset.state")));
                assertThat(page.script("return document.body.dataset.state")).isNotIn("no-token", "auth-failed");
                PageChecks.everyViewport(page, VIEWPORTS, next[0] + " (navigation)", problems);
                PageChecks.accessible(page, axe, "#admin-nav", next[0] + " navigation", problems);
                LayoutEndToEndTest.viewport(page, VIEWPORTS.get(0));
                page.screenshot("admin-pages-nav-" + next[0].replace(".html", "") + "-phone");
            }
            page.element("#lang-en").click();
            page.await("the navigation reads in English", UI,
                    () -> page.element("#admin-nav a[href='/partners.html']").getText().equals("Partner systems"));
            assertThat(page.element("#admin-nav").getAttribute("aria-label")).isEqualTo("Admin pages");
            page.element("#lang-zh").click();

            // ---- a lecturer on results.html gets no admin navigation
            page.open(url("results.html", token("l01", Role.LECTURER, classId), classId));
            ready(page);
            assertThat(page.elements("#admin-nav")).isEmpty();

            // ---- the regulator downloads the attendance from the application
            page.open(url("openings.html", regulator(), null));
            ready(page);
            String row = "#openings tr[data-class='" + classId + "']";
            page.await("the queue lists the class", UI, () -> !page.elements(row).isEmpty());
            page.element(row + " .cls-open").click();
            page.await("the application opens", UI, () -> page.element("#detail").isDisplayed());
            page.element("#exports .exp-btn[data-kind='attendance'][data-format='csv']").click();
            byte[] attendance = downloaded(page, "深圳网创第5期-考勤.csv");
            assertThat(Arrays.copyOf(attendance, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            assertThat(new String(attendance, StandardCharsets.UTF_8)).contains("学员编号 userId");
            PageChecks.everyViewport(page, VIEWPORTS, "openings.html (exports)", problems);
            PageChecks.accessible(page, axe, null, "openings.html (exports)", problems);
        }
        assertThat(problems).as("layout and accessibility problems").isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private static void ready(HeadlessChromium page) {
        page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
    }

    /** The page the navigation marks as the current one. */
    private static String current(HeadlessChromium page) {
        return page.elements("#admin-nav a[aria-current='page']").stream().map(a -> a.getAttribute("data-page"))
                .reduce((a, b) -> a + "," + b).orElse("none");
    }

    /** Waits for Chromium to finish saving {@code name} in the download folder; its bytes. */
    private byte[] downloaded(HeadlessChromium page, String name) throws Exception {
        Path file = downloads.resolve(name);
        page.await("the download " + name + " arrives", UI, () -> {
            try (var all = Files.list(downloads)) {
                return Files.isRegularFile(file) && all.noneMatch(p -> p.toString().endsWith(".crdownload"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return Files.readAllBytes(file);
    }

    private static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    /** The admin creates the class (a plan the guideline accepts), imports two trainees and applies. */
    private void createAndSubmit(String classId, String name) throws Exception {
        String admin = token("admin-sz", Role.ADMIN);
        Map<String, Object> plan = Map.of("name", name, "lecturers", List.of("l01", "l02"),
                "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date", "2027-01-" + String.format("%02d", 4 + i),
                        "classHours", 8, "online", i < 3)).toList());
        must(call("PUT", "/api/admin/classes/" + classId, admin,
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(plan)), "create " + classId);
        String csv = "姓名,身份证号,手机号\n张三," + id("44030519900101001") + ",13800138000\n李四,"
                + id("44030519920202002") + ",13900139000\n";
        must(call("POST", "/api/admin/classes/" + classId + "/roster", admin, csv.getBytes(StandardCharsets.UTF_8)),
                "import into " + classId);
        must(call("POST", "/api/admin/classes/" + classId + "/submit", admin, null), "submit " + classId);
    }

    private static void must(HttpResponse<String> r, String what) {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(200);
    }

    private HttpResponse<String> call(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && method.equals("PUT")) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String page, String token, String classId) {
        return "http://127.0.0.1:" + gateway.port() + "/" + page + "?token=" + token + (classId == null ? "" : "&class=" + classId);
    }

    private String regulator() {
        return tokenOf("reg-gd", Role.REGULATOR, "", "440000");
    }

    private String token(String user, Role role, String... classes) {
        return tokenOf(user, role, INSTITUTION, REGION, classes);
    }

    private String tokenOf(String user, Role role, String institution, String region, String... classes) {
        Set<ClassroomId> ids = new java.util.HashSet<>();
        for (String c : classes) {
            ids.add(new ClassroomId(c));
        }
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, ids, institution, region,
                Instant.EPOCH), Duration.ofHours(2));
    }
}
