package org.wlcy.classroom.exchange.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outbox's rules with a fake clock and a store in memory: order, idempotency, backoff, give-up, replay. */
class WebhookOutboxTest {
    private Instant now = Instant.parse("2027-01-04T01:00:00Z");
    private final InstantSource clock = () -> now;
    private final MemoryStore store = new MemoryStore();
    private final AtomicInteger n = new AtomicInteger();
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), 4, () -> 1.0);

    private WebhookOutbox outbox() {
        return new WebhookOutbox(store, clock, policy, () -> "whsec_test", () -> "wh_" + n.incrementAndGet());
    }

    private static WebhookEvent event(String id) {
        return new WebhookEvent(id, WebhookEventType.LESSON_STARTED, Instant.parse("2027-01-04T01:00:00Z"), "机构A",
                Map.of("classroomId", "c1"));
    }

    @Test
    void anEndpointsLaterDeliveryWaitsUntilTheEarlierIsDeliveredOrGivenUp() {
        WebhookOutbox o = outbox();
        Endpoint ep = o.register("http://x/hook", Set.of(WebhookEventType.LESSON_STARTED), "机构A", "admin");
        assertThat(o.publish(List.of(event("e1"), event("e2")))).isEqualTo(2);
        List<Delivery> first = o.due();
        assertThat(first).extracting(Delivery::eventId).containsExactly("e1");
        assertThat(o.due()).as("one in flight per endpoint").isEmpty();
        Delivery failed = o.completed(first.get(0), 500, null);
        assertThat(failed.status()).isEqualTo(Delivery.Status.PENDING);
        assertThat(failed.nextAttemptAt()).isEqualTo(now.plusSeconds(1));
        assertThat(o.due()).as("e2 waits behind e1's retry").isEmpty();
        now = now.plusSeconds(1);
        Delivery again = o.due().get(0);
        assertThat(again.eventId()).isEqualTo("e1");
        assertThat(again.id()).isEqualTo(first.get(0).id());
        o.completed(again, 204, null);
        assertThat(o.due()).extracting(Delivery::eventId).containsExactly("e2");
        assertThat(o.deliveries(ep.id())).extracting(Delivery::eventId).containsExactly("e2", "e1");
    }

    @Test
    void anEventIsQueuedOnceHoweverOftenItIsDerived_AndTheQueueSurvivesARestart() {
        WebhookOutbox o = outbox();
        Endpoint ep = o.register("http://x/hook", Set.of(WebhookEventType.LESSON_STARTED), "机构A", "admin");
        Endpoint other = o.register("http://y/hook", Set.of(WebhookEventType.CERTIFICATE_ISSUED), "机构A", "admin");
        Endpoint elsewhere = o.register("http://z/hook", Set.of(WebhookEventType.LESSON_STARTED), "机构B", "admin");
        o.publish(List.of(event("e1")));
        assertThat(o.publish(List.of(event("e1")))).isZero();
        WebhookOutbox restarted = outbox();
        assertThat(restarted.publish(List.of(event("e1"), event("e2")))).isEqualTo(1);
        assertThat(restarted.deliveries(ep.id())).extracting(Delivery::seq).containsExactly(2L, 1L);
        assertThat(restarted.deliveries(other.id())).as("not its type").isEmpty();
        assertThat(restarted.deliveries(elsewhere.id())).as("another institution's class").isEmpty();
        assertThat(restarted.backlog()).isEqualTo(2);
        assertThat(restarted.deliveries(ep.id()).get(1).id())
                .isEqualTo(WebhookOutbox.deliveryId(ep.id(), "e1"));
    }

    @Test
    void afterMaxAttemptsADeliveryFails_TheNextGoesOn_AndAReplaySendsItAgainWithTheSameId() {
        WebhookOutbox o = outbox();
        Endpoint ep = o.register("http://x/hook", Set.of(WebhookEventType.LESSON_STARTED), "机构A", "admin");
        o.publish(List.of(event("e1"), event("e2")));
        List<Instant> tries = new ArrayList<>();
        Delivery d = null;
        for (int i = 0; i < 4; i++) {
            d = o.due().get(0);
            tries.add(now);
            d = o.completed(d, 0, "connection refused");
            if (d.nextAttemptAt() != null) {
                now = d.nextAttemptAt();
            }
        }
        assertThat(d.status()).isEqualTo(Delivery.Status.FAILED);
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(d.lastError()).isEqualTo("connection refused");
        Instant t0 = tries.get(0);
        assertThat(tries).as("1 s, 2 s, 4 s apart (jitter at its top)").containsExactly(t0, t0.plusSeconds(1),
                t0.plusSeconds(3), t0.plusSeconds(7));
        assertThat(o.due()).extracting(Delivery::eventId).containsExactly("e2");
        o.completed(o.deliveries(ep.id()).get(0), 200, null);
        Delivery replayed = o.replay(ep.id(), d.id()).orElseThrow();
        assertThat(replayed.status()).isEqualTo(Delivery.Status.PENDING);
        assertThat(o.due()).extracting(Delivery::id).containsExactly(d.id());
        assertThat(o.replay("wh_other", d.id())).isEmpty();
    }

    @Test
    void deletingAnEndpointDropsItsQueue() {
        WebhookOutbox o = outbox();
        Endpoint ep = o.register("http://x/hook", Set.of(WebhookEventType.LESSON_STARTED), "机构A", "admin");
        o.publish(List.of(event("e1")));
        assertThat(o.delete(ep.id())).isTrue();
        assertThat(o.backlog()).isZero();
        assertThat(outbox().endpoints()).isEmpty();
    }

    static final class MemoryStore implements OutboxStore {
        final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        final Map<String, Delivery> deliveries = new LinkedHashMap<>();

        @Override
        public List<Endpoint> endpoints() {
            return List.copyOf(endpoints.values());
        }

        @Override
        public void saveEndpoint(Endpoint e) {
            endpoints.put(e.id(), e);
        }

        @Override
        public void deleteEndpoint(String id) {
            endpoints.remove(id);
            deliveries.values().removeIf(d -> d.endpointId().equals(id));
        }

        @Override
        public List<Delivery> deliveries() {
            return List.copyOf(deliveries.values());
        }

        @Override
        public void save(List<Delivery> ds) {
            ds.forEach(d -> deliveries.put(d.id(), d));
        }
    }
}
