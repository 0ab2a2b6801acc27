package org.wlcy.classroom.gateway.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

class WebhookUrlsTest {
    private final WebhookUrls production = new WebhookUrls(false);
    private final WebhookUrls tests = new WebhookUrls(true);

    @Test
    void productionRefusesLoopbackPrivateAndLinkLocalHosts_AndEveryNonHttpUrl() {
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.1.2.3/x",
                "http://192.168.0.7/x", "http://172.16.0.1/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x"}) {
            assertThatThrownBy(() -> production.check(url)).as(url).isInstanceOf(ClassroomException.class)
                    .satisfies(e -> assertThat(((ClassroomException) e).code()).isEqualTo(ErrorCode.WEBHOOK_URL_REFUSED))
                    .hasMessageContaining("webhooks.allowPrivateUrls");
        }
        for (String url : new String[] {"ftp://example.org/x", "file:///etc/passwd", "http:///x", "hook",
                "http://user:pw@example.org/x", "http://exa mple.org/"}) {
            assertThatThrownBy(() -> tests.check(url)).as(url).isInstanceOf(ClassroomException.class)
                    .hasMessageStartingWith("url: ");
        }
        assertThat(tests.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThat(production.check("https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");
    }
}
