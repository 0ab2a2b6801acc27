package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The development issuer mints any token (an admin's too) for whoever reaches the port, so it never
 * runs where others can reach it (issue F item 3): the server itself refuses to start so, with one
 * line naming the fix; in production mode the dev endpoints do not exist.
 */
class DevModeOverTheWireTest {
    private static final String SECRET = "production-secret-production-secret-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void theServerRefusesToStartDevModeOnEveryInterface() throws Exception {
        int port = freePort();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.wlcy.classroom.gateway.Main",
                "--http.host=0.0.0.0", "--http.port=" + port, "--data.dir=" + dataDir,
                "--janus.urls=ws://127.0.0.1:9")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the server exits by itself").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines().filter(l -> l.contains("http.host=0.0.0.0 is not a loopback address")).toList())
                .as(out).singleElement().satisfies(line -> assertThat(line)
                        .contains("auth.devMode=false", "auth.hmacSecret", "http.host=127.0.0.1"));
        boolean listening;
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            listening = true;
        } catch (ConnectException e) {
            listening = false;
        }
        assertThat(listening).as("nothing listens on the port").isFalse();
    }

    @Test
    void productionModeHasNoDevelopmentIssuer() throws Exception {
        int port = freePort();
        GatewayConfig config = GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.devMode=false", "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false"));
        try (Gateway gateway = Gateway.start(config, new FakeMediaServer(), Clock.systemUTC())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> mint = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/dev/tokens"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"sub\":\"x\",\"name\":\"x\",\"role\":\"admin\",\"classes\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(mint.statusCode()).isEqualTo(404);
            assertThat(mint.body()).doesNotContain("token\"");
            HttpResponse<String> demo = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/dev/demo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(demo.statusCode()).isEqualTo(404);
            // The platform's own tokens, signed with the shared secret, work as ever.
            String token = new TokenService(SECRET.getBytes(StandardCharsets.UTF_8), "wlcy-classroom", "platform",
                    Clock.systemUTC()).issue(new Identity(new UserId("a01"), "管理员", Role.ADMIN, Set.of(), "inst",
                    "110000", Instant.EPOCH), Duration.ofMinutes(5));
            HttpResponse<String> who = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/whoami"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(who.statusCode()).isEqualTo(200);
            assertThat(who.body()).contains("\"role\":\"admin\"");
        }
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
