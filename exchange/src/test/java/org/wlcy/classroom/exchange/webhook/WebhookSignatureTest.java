package org.wlcy.classroom.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void aSignatureVerifiesOverTheExactBodyWithinTheTolerance() {
        String body = "{\"id\":\"evt\",\"type\":\"lesson.started\"}";
        String h = WebhookSignature.header("whsec_abc", 1_800_000_000L, body);
        assertThat(h).startsWith("t=1800000000,v1=").hasSize("t=1800000000,v1=".length() + 64);
        // A vector computed independently with the Python snippet of docs/protocol.md ("Webhooks")
        assertThat(h).isEqualTo("t=1800000000,v1=810d108772db41bd84c25d1bc317ba1af0e3040fc01cd254428675f4e04c0781");
        assertThat(WebhookSignature.verify("whsec_abc", h, body, 1_800_000_100L, 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_abc", h, body + " ", 1_800_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abd", h, body, 1_800_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", h, body, 1_800_000_400L, 300)).as("too old").isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", "t=x,v1=00", body, 0, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_abc", null, body, 0, 300)).isFalse();
    }
}
