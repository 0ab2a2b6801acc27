package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * partners.html in headless Chromium, zh-CN (issue H partners; no Janus: the page needs no media). An admin
 * is told to choose a scope, registers a partner, sees its key once with the warning and copies it;
 * the key works against /api/v1; closing the card clears it; a rotation of a partner revoked
 * meanwhile shows the page's text for 274; revoking (asked twice) lists it as revoked, and its key
 * is then refused with 271.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnersEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "partners-e2e-secret-partners-e2e-secret-000000";
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        dataDir = Files.createTempDirectory("partners-e2e");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false")), new FakeMediaServer(), Clock.systemUTC());
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

    private String admin() {
        return gateway.tokens().issue(new Identity(new UserId("a01"), "管理员", Role.ADMIN, Set.of(), "深圳职训中心",
                "440305", Instant.EPOCH), Duration.ofHours(2));
    }

    private HttpResponse<String> call(String method, String path, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + auth).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAdminRegistersAPartnerSeesItsKeyOnceAndRevokesIt() throws Exception {
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open("http://127.0.0.1:" + gateway.port() + "/partners.html?token=" + admin());
            page.await("the partners page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#list-title").getText()).isEqualTo("已登记的对接系统");
            assertThat(page.element("#partners").getText()).contains("尚未登记对接系统");

            page.element("#partner-name").sendKeys("深圳市培训管理平台");
            page.element("#partner-region").sendKeys("440300");
            page.element("#btn-register").click();
            page.await("a scope is asked for", UI, () -> page.element("#register-msg").isDisplayed());
            assertThat(page.element("#register-msg").getText()).isEqualTo("请至少选择一项权限");

            page.element("input[data-scope='classes:read']").click();
            page.element("input[data-scope='attendance:read']").click();
            assertThat(page.element("#scopes").getText()).contains("班级与开班申请").contains("出勤与学时");
            page.element("#btn-register").click();
            page.await("the key is shown", UI, () -> page.element("#key-card").isDisplayed()
                    && !page.element("#api-key").getAttribute("value").isEmpty());
            String key = page.element("#api-key").getAttribute("value");
            assertThat(key).startsWith("wlcy_pk_");
            assertThat(page.element("#key-warning").getText()).contains("密钥只显示这一次");
            assertThat(page.element("#register-msg").getText()).contains("已登记“深圳市培训管理平台”");
            page.element("#btn-copy").click();
            page.await("the copy is answered", UI, () -> page.element("#copy-msg").isDisplayed());
            assertThat(page.element("#copy-msg").getText()).isIn("已复制到剪贴板", "无法自动复制，密钥已选中，请按 Ctrl+C 复制");
            page.screenshot("partners-key-once");

            assertThat(call("GET", "/api/v1/classes", key).statusCode()).isEqualTo(200);

            page.await("the partner is listed", UI, () -> !page.elements("#partners tr[data-state='active']").isEmpty());
            String row = page.element("#partners tr[data-state='active']").getText();
            assertThat(row).contains("深圳市培训管理平台").contains("区域 440300").contains("有效")
                    .contains(key.substring(0, 20)).doesNotContain(key.substring(21));
            page.element("#btn-key-done").click();
            page.await("the key card is closed", UI, () -> !page.element("#key-card").isDisplayed());
            assertThat(page.element("#api-key").getAttribute("value")).isEmpty();

            // a second partner, revoked meanwhile by someone else: its rotation shows the page's text for 274
            page.element("#partner-name").sendKeys("实名制系统");
            page.element("#partner-institution").sendKeys("深圳职训中心");
            page.element("input[data-scope='roster:read']").click();
            page.element("#btn-register").click();
            page.await("two partners listed", UI, () -> page.elements("#partners tr[data-state='active']").size() == 2);
            page.element("#btn-key-done").click();
            String second = page.elements("#partners tr[data-state='active']").get(1).getAttribute("data-partner");
            assertThat(call("DELETE", "/api/admin/partners/" + second, admin()).statusCode()).isEqualTo(200);
            String rotate = "#partners tr[data-partner='" + second + "'] button[data-action='rotate']";
            page.element(rotate).click();
            page.await("the rotation asks first", UI, () -> page.element(rotate).getText().startsWith("确认重新生成"));
            page.element(rotate).click();
            page.await("274 in the page's words", UI, () -> "274".equals(page.element("#list-msg").getAttribute("data-code")));
            assertThat(page.element("#list-msg").getText()).contains("错误码 274").contains("找不到该对接系统（未登记或已撤销）")
                    .doesNotContain("partner");
            page.await("the revoked one is listed as such", UI,
                    () -> !page.elements("#partners tr[data-partner='" + second + "'][data-state='revoked']").isEmpty());

            // revoking the first, asked twice
            String first = page.element("#partners tr[data-state='active']").getAttribute("data-partner");
            String revoke = "#partners tr[data-partner='" + first + "'] button[data-action='revoke']";
            page.element(revoke).click();
            page.await("the revocation asks first", UI, () -> page.element(revoke).getText().equals("确认撤销？"));
            page.element(revoke).click();
            page.await("revoked", UI, () -> !page.elements("#partners tr[data-partner='" + first + "'][data-state='revoked']").isEmpty());
            assertThat(page.element("#list-msg").getText()).contains("已撤销“深圳市培训管理平台”");
            HttpResponse<String> refused = call("GET", "/api/v1/classes", key);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":271");
            page.screenshot("partners-revoked");
        }
    }
}
