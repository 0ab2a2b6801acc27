package org.wlcy.classroom.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
