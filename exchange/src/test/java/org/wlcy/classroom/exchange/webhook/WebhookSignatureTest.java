package org.wlcy.classroom.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void aSignatureVerifiesOverTheExactBodyWithinTheTolerance() {
        String body = "{\"id\":\"evt\",\"type\":\"lesson.started\"}";
        String h = WebhookSignature.header("whsec_abc", 1_800_000_000L, body);
        assertThat(h).startsWith("t=1800000000,v1=").hasSize("t=1800000000,v1=".length() + 64);
        // The documented example: HMAC-SHA256("whsec_abc", "1800000000." + body)
        assertThat(h.substring(h.indexOf("v1=") + 3)).isEqualTo(WebhookSignature.hmac("whsec_abc", "1800000000." + body));
        assertThat(WebhookSignature.verify("whsec_abc", h, body, 1_800_000_100L, 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_abc", h, body + " ", 1_800_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abd", h, body, 1_800_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", h, body, 1_800_000_400L, 300)).as("too old").isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", "t=x,v1=00", body, 0, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", null, body, 0, 300)).isFalse();
    }
}
