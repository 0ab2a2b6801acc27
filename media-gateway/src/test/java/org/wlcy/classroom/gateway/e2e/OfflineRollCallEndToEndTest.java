package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * offline: rollcall.html in headless Chromium, zh-CN, against a whole gateway (no Janus). The
 * lecturer of an approved class with offline days opens the page, chooses an offline day, ticks
 * who was present and saves; the page shows what is on the record (出勤 / 缺勤, by whom), and the
 * regulator desk credits the day. A day still to come cannot be called. The lecturer console links
 * the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineRollCallEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "offline-rollcall-e2e-secret-0123456789abcdef";
    private static final String CLASS = "sz-offline-e2e";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Path dataDir;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/install-deps.sh test installs them)").isTrue();
        dataDir = Files.createTempDirectory("offline-e2e");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false")), new FakeMediaServer(), Clock.systemUTC());
        String admin = token("admin-sz", Role.ADMIN, "深圳职训中心", "440305");
        List<Map<String, Object>> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            days.add(Map.of("date", TODAY.minusDays(9 - i).toString(), "classHours", 8, "online", i == 6));
        }
        days.add(Map.of("date", TODAY.plusDays(2).toString(), "classHours", 8, "online", false));
        must(call("PUT", "/api/admin/classes/" + CLASS, admin, JSON.writeValueAsBytes(Map.of("name", "深圳网创线下班",
                "lecturers", List.of("l01", "l02"), "days", days))));
        String a = "44030519900101001";
        must(call("POST", "/api/admin/classes/" + CLASS + "/roster", admin, ("姓名,身份证号,手机号\n王芳," + a
                + ResidentIdNumber.checkCharacter(a) + ",13800138000\n").getBytes(StandardCharsets.UTF_8)));
        must(call("POST", "/api/admin/classes/" + CLASS + "/submit", admin, null));
        must(call("POST", "/api/regulator/openings/" + CLASS + "/approve", token("reg-sz", Role.REGULATOR, "", "440300"),
                null));
        // Two trainees the class's trace knows (they entered the classroom once).
        Instant at = Instant.now().minus(Duration.ofDays(20));
        List<TraceEvent> joins = new ArrayList<>();
        for (String[] t : new String[][] {{"t01", "王芳"}, {"t02", "李强"}}) {
            joins.add(new TraceEvent(-1, new ClassroomId(CLASS), null, new UserId(t[0]), TraceKind.JOINED, at,
                    "srv/join-" + t[0], null, Map.of("participantId", "p-" + t[0], "role", "trainee", "name", t[1])));
        }
        gateway.proctoring().trace().append(joins).toCompletableFuture().join();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (dataDir != null) {
            try (var all = Files.walk(dataDir)) {
                all.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @Test
    void theLecturerCallsTheRollOfAnOfflineDayAndSeesItOnTheRecord() throws Exception {
        String lecturer = gateway.tokens().issue(new Identity(new UserId("l01"), "李老师", Role.LECTURER,
                Set.of(new ClassroomId(CLASS)), "深圳职训中心", "440305", Instant.EPOCH), Duration.ofHours(2));
        String console = new String(call("GET", "/lecturer.html", null, null).body(), StandardCharsets.UTF_8);
        assertThat(console).contains("href=\"/rollcall.html\"").contains("线下课点名");
        String day = TODAY.minusDays(8).toString();
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open("http://127.0.0.1:" + gateway.port() + "/rollcall.html?token=" + lecturer + "&class=" + CLASS);
            page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.driver().getTitle()).isEqualTo("线下课点名 · 网络创业培训");
            Select days = new Select(page.element("#roll-day"));
            assertThat(days.getOptions()).hasSize(7).as("six offline days and one to come");
            assertThat(days.getOptions().get(6).getText()).contains(TODAY.plusDays(2).toString()).contains("未到");
            assertThat(days.getFirstSelectedOption().getText()).contains(TODAY.minusDays(9).toString()).contains("待点名");

            days.selectByValue(TODAY.plusDays(2).toString());
            page.await("a day to come cannot be called", UI, () -> !page.element("#roll-save").isEnabled());

            days.selectByValue(day);
            page.await("the day's trainees", UI, () -> page.elements("#roll-rows tr").size() == 2
                    && page.element("#roll-save").isEnabled());
            assertThat(page.element("#roll-day-info").getText()).contains("8 课时").contains("花名册 1 人");
            assertThat(page.element("#roll-rows tr[data-trainee='t01'] [data-testid='roll-record']").getText())
                    .isEqualTo("未点名");
            page.element("#roll-rows input[data-user='t01']").click();
            page.element("#roll-save").click();
            page.await("the roll call is recorded", UI, () -> "ok".equals(page.element("#roll-msg").getAttribute("data-kind")));
            assertThat(page.element("#roll-msg").getText()).contains("已记录").contains(day).contains("出勤 1 人")
                    .contains("缺勤 1 人");
            assertThat(page.element("#roll-rows tr[data-trainee='t01'] [data-testid='roll-record']").getText())
                    .startsWith("出勤（l01");
            assertThat(page.element("#roll-rows tr[data-trainee='t02'] [data-testid='roll-record']").getText())
                    .startsWith("缺勤（l01");
            assertThat(new Select(page.element("#roll-day")).getFirstSelectedOption().getText()).contains("已点名");

            // A correction: t02 was there after all. The last roll call stands.
            page.element("#roll-rows input[data-user='t02']").click();
            page.element("#roll-save").click();
            page.await("the correction is on the record", UI, () -> page.element(
                    "#roll-rows tr[data-trainee='t02'] [data-testid='roll-record']").getText().startsWith("出勤"));
            assertThat(page.element("#roll-msg").getText()).contains("出勤 2 人").contains("缺勤 0 人");
        }
        JsonNode desk = JSON.readTree(call("GET", "/api/regulator/classes/" + CLASS,
                token("reg-sz", Role.REGULATOR, "", "440300"), null).body());
        for (JsonNode t : desk.path("trainees")) {
            assertThat(t.path("attended").asInt()).as(t.toString()).isEqualTo(1);
            assertThat(t.path("creditedClassHours").decimalValue()).isEqualByComparingTo("8");
        }
    }

    private String token(String user, Role role, String institution, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role, Set.of(), institution, region,
                Instant.EPOCH), Duration.ofHours(2));
    }

    private HttpResponse<byte[]> call(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void must(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError(r.uri() + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
