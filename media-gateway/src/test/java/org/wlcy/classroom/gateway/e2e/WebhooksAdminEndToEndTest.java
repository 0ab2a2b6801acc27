package org.wlcy.classroom.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.ResidentIdNumber;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The admin's webhook page in zh-CN (no media): an endpoint is registered (its secret shown once),
 * a class approval fails at the receiver until it is given up, the log shows it as failed with the
 * receiver's 500, and the replay button sends it again with the same delivery id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksAdminEndToEndTest {
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SECRET = "webhooks-e2e-secret-0123456789abcdef";
    private static final String INSTITUTION = "深圳职训中心";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 500;
    private Path dataDir;
    private Gateway gateway;
    private HttpServer receiver;

    @BeforeAll
    void start() throws Exception {
        assertThat(HeadlessChromium.isInstalled())
                .as("Chromium and chromedriver are installed (scripts/test.sh installs them)").isTrue();
        dataDir = Files.createTempDirectory("webhooks-e2e");
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + MediaStack.freePort(), "--data.dir=" + dataDir, "--auth.devMode=false",
                "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false", "--webhooks.allowPrivateUrls=true",
                "--webhooks.maxAttempts=2", "--webhooks.retryBaseMillis=50", "--webhooks.retryMaxMillis=100")),
                new FakeMediaServer(), Clock.systemUTC());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            int code = answer;
            if (code == 200) {
                received.add(ex.getRequestHeaders().getFirst("X-Wlcy-Delivery"));
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (gateway != null) {
            gateway.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    private String token(String user, Role role, String region) {
        return gateway.tokens().issue(new Identity(new UserId(user), "name-" + user, role, Set.of(),
                role == Role.REGULATOR ? "" : INSTITUTION, region, Instant.EPOCH), Duration.ofHours(2));
    }

    private void call(String method, String path, String token, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    }

    private void approveAClass() throws Exception {
        String admin = token("a01", Role.ADMIN, "440305");
        call("PUT", "/api/admin/classes/sz-e2e", admin, JSON.writeValueAsBytes(Map.of("name", "深圳网创第2期",
                "lecturers", List.of("l01", "l02"), "days", IntStream.range(0, 7).mapToObj(i -> Map.of("date",
                        "2027-02-" + String.format("%02d", 1 + i), "classHours", 8, "online", i < 3)).toList())));
        String first17 = "44030519900101001";
        call("POST", "/api/admin/classes/sz-e2e/roster", admin, ("姓名,身份证号,手机号\n张三," + first17
                + ResidentIdNumber.checkCharacter(first17) + ",13800138000\n").getBytes(StandardCharsets.UTF_8));
        call("POST", "/api/admin/classes/sz-e2e/submit", admin, new byte[0]);
        call("POST", "/api/regulator/openings/sz-e2e/approve", token("r44", Role.REGULATOR, "440000"), new byte[0]);
    }

    @Test
    void theAdminRegistersAnEndpointSeesAFailedDeliveryAndReplaysIt() throws Exception {
        try (HeadlessChromium page = HeadlessChromium.start(null)) {
            page.open("http://127.0.0.1:" + gateway.port() + "/webhooks.html?lang=zh-CN&token="
                    + token("a01", Role.ADMIN, "440305"));
            page.await("the page is ready", UI, () -> "ready".equals(page.script("return document.body.dataset.state")));
            assertThat(page.element("#hook-list-title").getText()).isEqualTo("已登记的接收地址");

            // A URL that is not http(s): the page shows the code and its Chinese text.
            page.element("#hook-url").sendKeys("ftp://127.0.0.1/x");
            page.element("#btn-hook-add").click();
            page.await("the URL is refused", UI, () -> "275".equals(page.element("#hook-msg").getAttribute("data-code")));
            assertThat(page.element("#hook-msg").getText()).contains("接收地址不可用").doesNotContain("must");

            page.element("#hook-url").clear();
            page.element("#hook-url").sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            page.element("#btn-hook-add").click();
            page.await("the secret is shown once", UI, () -> page.element("#hook-secret").isDisplayed());
            assertThat(page.element("#hook-secret").getText()).contains("只显示这一次").contains("whsec_");
            page.await("the endpoint is listed", UI, () -> page.elements("#hooks tr[data-endpoint]").size() == 1);

            approveAClass();
            page.element("#hooks tr[data-endpoint] [data-action=log]").click();
            page.await("the delivery is given up after two 500s", UI, () -> {
                page.element("#btn-log-refresh").click();
                return !page.elements("#deliveries tr[data-status=failed]").isEmpty();
            });
            // The refresh button re-renders the table, so the row is read and used in one script each
            // time: a WebElement held across calls can be replaced under it.
            @SuppressWarnings("unchecked")
            Map<String, Object> failed = (Map<String, Object>) page.script("const r = document.querySelector("
                    + "'#deliveries tr[data-status=failed]'); return {text: r.innerText, id: r.dataset.delivery};");
            assertThat((String) failed.get("text")).contains("开班申请获批").contains("已放弃（多次失败）").contains("HTTP 500");
            String deliveryId = (String) failed.get("id");
            page.screenshot("webhooks-failed");

            answer = 200;
            page.script("document.querySelector(`#deliveries tr[data-delivery=\"${arguments[0]}\"] [data-action=replay]`)"
                    + ".click();", deliveryId);
            page.await("the replay arrives", UI, () -> received.contains(deliveryId));
            page.await("the log shows it delivered", UI, () -> {
                page.element("#btn-log-refresh").click();
                return !page.elements("#deliveries tr[data-status=delivered]").isEmpty();
            });
            assertThat((String) page.script("return document.querySelector('#deliveries tr[data-status=delivered]')"
                    + ".innerText;")).contains("已送达");
        }
    }
}
