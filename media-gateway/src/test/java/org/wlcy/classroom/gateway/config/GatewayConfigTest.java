package org.wlcy.classroom.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.chat.RateLimiter;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.WordList;

class GatewayConfigTest {

    @Test
    void defaultsGiveTheEmbeddedSetup() {
        GatewayConfig c = GatewayConfig.load(Map.of(), List.of());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().publicUrl().toString()).isEqualTo("http://localhost:8080");
        assertThat(c.http().allowsOrigin("http://localhost:8080")).isTrue();
        assertThat(c.http().allowsOrigin("http://127.0.0.1:8080")).isTrue();
        assertThat(c.http().allowsOrigin("https://evil.example")).isFalse();
        assertThat(c.janus().managed()).isTrue();
        assertThat(c.ws().maxMessageBytes()).isEqualTo(65536);
        assertThat(c.auth().devMode()).isTrue();
        assertThat(c.ice().clientIceServersJson()).isEqualTo("[]");
    }

    @Test
    void classLanesRunOnTheEventLoopsUnlessAPoolIsAskedFor() {
        int cores = Runtime.getRuntime().availableProcessors();
        GatewayConfig c = GatewayConfig.load(Map.of(), List.of());
        assertThat(c.threads()).isEqualTo(new GatewayConfig.Threads(cores, true, cores));
        GatewayConfig pool = GatewayConfig.load(Map.of(), List.of("--runtime.lanes=pool", "--runtime.workerThreads=3",
                "--runtime.ioThreads=1"));
        assertThat(pool.threads()).isEqualTo(new GatewayConfig.Threads(1, false, 3));
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of("--runtime.lanes=threads")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("runtime.lanes=threads must be io")));
    }

    @Test
    void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
        GatewayConfig c = GatewayConfig.load(Map.of("CLASSROOM_HTTP_PORT", "9000", "CLASSROOM_AUTH_AUDIENCE", "x"),
                List.of("--http.port=9100"));
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.auth().audience()).isEqualTo("x");
    }

    @Test
    void everyProblemIsReportedWithWhatToFix() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of(
                "--http.port=99999", "--auth.hmacSecret=short", "--janus.urls=http://x:8188",
                "--ice.rtpPortRange=5-4", "--no.such=1", "bare")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("http.port=99999") && p.contains("1..65535"))
                        .anyMatch(p -> p.contains("auth.hmacSecret") && p.contains("32 bytes"))
                        .anyMatch(p -> p.contains("janus.urls") && p.contains("ws://"))
                        .anyMatch(p -> p.contains("ice.rtpPortRange"))
                        .anyMatch(p -> p.contains("unknown setting 'no.such'"))
                        .anyMatch(p -> p.contains("--key=value")));
    }

    @Test
    void productionModeNeedsTheSharedSecret() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of("--auth.devMode=false")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("auth.hmacSecret is required")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "--http.host=0.0.0.0, http.host=0.0.0.0 is not a loopback address",
            "--http.host=::, http.host=:: is not a loopback address",
            "--http.host=192.0.2.10, http.host=192.0.2.10 is not a loopback address",
            "--http.host=class.example.org, http.host=class.example.org is not a loopback address",
            "--http.publicUrl=https://class.example.org, http.publicUrl=https://class.example.org is not a localhost address"})
    void devModeRefusesToRunWhereOthersCanReachIt(String flag, String problem) {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of(flag)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains(problem) && p.contains("auth.devMode=false")
                                && p.contains("auth.hmacSecret") && !p.contains("\n")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"})
    void devModeRunsOnLoopback(String host) {
        GatewayConfig c = GatewayConfig.load(Map.of(), List.of("--http.host=" + host,
                "--http.publicUrl=http://127.0.0.1:8080"));
        assertThat(c.auth().devMode()).isTrue();
    }

    @Test
    void productionModeMayListenEverywhere() {
        GatewayConfig c = GatewayConfig.load(Map.of(), List.of("--auth.devMode=false", "--http.host=0.0.0.0",
                "--http.publicUrl=https://class.example.org", "--auth.hmacSecret=" + "s".repeat(40)));
        assertThat(c.auth().devMode()).isFalse();
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void externalJanusUrlsAndIceSettingsAreRead() {
        GatewayConfig c = GatewayConfig.load(Map.of(), List.of("--janus.urls=ws://10.1.1.1:8188, ws://10.1.1.2:8188",
                "--ice.natOneToOneIp=203.0.113.7", "--ice.turnServer=turn.example.org:3478",
                "--ice.clientIceServers=[{\"urls\":\"stun:stun.example.org:3478\"}]"));
        assertThat(c.janus().managed()).isFalse();
        assertThat(c.janus().urls()).hasSize(2);
        assertThat(c.ice().natOneToOneIp()).isEqualTo("203.0.113.7");
        assertThat(c.ice().clientIceServersJson()).contains("stun.example.org");
    }

    @Test
    void interactionDefaults() {
        GatewayConfig.Interaction i = GatewayConfig.load(Map.of(), List.of()).interaction();

        assertThat(i.filterMode()).isEqualTo(FilterMode.MASK);
        assertThat(i.words().entries()).isEqualTo(WordList.builtIn().entries());
        assertThat(i.policy().chat()).isEqualTo(new RateLimiter.Rate(20, 5));
        assertThat(i.policy().danmaku()).isEqualTo(new RateLimiter.Rate(30, 5));
        assertThat(i.policy().likeWindow()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theInstitutionsWordFileIsReadAtStartAndAddsToTheBuiltInList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("words.txt");
        Files.writeString(file, "# 本机构词表\n拉群\n# rule: ads\n代 写\n", StandardCharsets.UTF_8);

        GatewayConfig.Interaction i = GatewayConfig.load(Map.of(), List.of("--interaction.sensitiveWordsFile=" + file,
                "--interaction.filterMode=refuse", "--interaction.chatPerMinute=60")).interaction();
        assertThat(i.filterMode()).isEqualTo(FilterMode.REFUSE);
        assertThat(i.policy().chat().perMinute()).isEqualTo(60);
        assertThat(i.words().entries()).endsWith(new WordList.Entry("拉群", "custom"), new WordList.Entry("代 写", "ads"));
        assertThat(i.words().entries()).hasSize(WordList.builtIn().entries().size() + 2);

        GatewayConfig.Interaction only = GatewayConfig.load(Map.of(), List.of("--interaction.sensitiveWordsFile=" + file,
                "--interaction.builtInWords=false")).interaction();
        assertThat(only.words().entries()).hasSize(2);
    }

    @Test
    void interactionProblemsSayWhatToFix(@TempDir Path dir) throws IOException {
        Path badRule = dir.resolve("bad.txt");
        Files.writeString(badRule, "a\n# rule: Not OK\n", StandardCharsets.UTF_8);
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {(byte) 0xE9, 'a', '\n'});

        for (String[] c : new String[][] {
                {"--interaction.filterMode=block", "interaction.filterMode=block must be mask or refuse"},
                {"--interaction.sensitiveWordsFile=" + dir.resolve("missing.txt"), "does not exist"},
                {"--interaction.sensitiveWordsFile=" + badRule, "line 2: rule name"},
                {"--interaction.sensitiveWordsFile=" + latin1, "is not UTF-8"},
                {"--interaction.chatPerMinute=0", "interaction.chatPerMinute=0 is out of range"}}) {
            assertThatThrownBy(() -> GatewayConfig.load(Map.of(), List.of(c[0])))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .anyMatch(p -> p.contains(c[1])));
        }
    }
}
