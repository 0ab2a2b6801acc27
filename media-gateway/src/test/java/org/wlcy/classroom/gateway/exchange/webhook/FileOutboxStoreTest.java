package org.wlcy.classroom.gateway.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.exchange.webhook.Delivery;
import org.wlcy.classroom.exchange.webhook.RetryPolicy;
import org.wlcy.classroom.exchange.webhook.WebhookEvent;
import org.wlcy.classroom.exchange.webhook.WebhookEventType;
import org.wlcy.classroom.exchange.webhook.WebhookOutbox;

/** The outbox on its files: a new process reads back endpoints and deliveries exactly; a torn temp file is ignored. */
class FileOutboxStoreTest {
    @TempDir
    Path dir;
    private Instant now = Instant.parse("2027-01-04T01:00:00Z");

    private WebhookOutbox open() {
        return new WebhookOutbox(new FileOutboxStore(dir), () -> now,
                new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), 3, () -> 0.5), () -> "whsec_x",
                () -> "wh_0123456789ab");
    }

    @Test
    void whatIsWrittenIsReadBackByTheNextProcess() throws Exception {
        WebhookOutbox o = open();
        var ep = o.register("https://example.org/hook", Set.of(WebhookEventType.CLASS_APPROVED), "机构A", "a01");
        o.publish(List.of(new WebhookEvent("class.approved/c1/1", WebhookEventType.CLASS_APPROVED, now, "机构A",
                Map.of("classId", "c1", "className", "网创第1期"))));
        Delivery d = o.due().get(0);
        o.completed(d, 503, "HTTP 503");
        Files.writeString(dir.resolve("deliveries").resolve(ep.id()).resolve("000000000002.json.tmp"), "{\"torn");

        WebhookOutbox again = open();
        assertThat(again.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.url()).isEqualTo("https://example.org/hook");
            assertThat(e.institution()).isEqualTo("机构A");
            assertThat(e.secret()).isEqualTo("whsec_x");
            assertThat(e.events()).containsExactly(WebhookEventType.CLASS_APPROVED);
        });
        Delivery back = again.deliveries(ep.id()).get(0);
        assertThat(back).isEqualTo(o.deliveries(ep.id()).get(0));
        assertThat(back.status()).isEqualTo(Delivery.Status.PENDING);
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(back.lastResponseCode()).isEqualTo(503);
        assertThat(back.body()).contains("网创第1期");
        assertThat(again.delete(ep.id())).isTrue();
        assertThat(open().endpoints()).isEmpty();
        assertThat(Files.exists(dir.resolve("deliveries").resolve(ep.id()))).isFalse();
    }
}
