package org.wlcy.classroom.gateway.exchange.webhook;

import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.exchange.webhook.Delivery;
import org.wlcy.classroom.exchange.webhook.Endpoint;
import org.wlcy.classroom.exchange.webhook.RetryPolicy;
import org.wlcy.classroom.exchange.webhook.WebhookOutbox;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.metrics.GatewayMetrics;
import org.wlcy.classroom.proctoring.store.TraceStore;

/**
 * Webhooks assembled (docs/adr/0023): the outbox under {@code <data.dir>/webhooks}, the sources
 * that read the trace and the enrolment store into it, and one thread that does both and hands the
 * due deliveries to the HTTP client. Every {@value #TICK_MILLIS} ms.
 */
public final class WebhookWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWiring.class);
    static final long TICK_MILLIS = 100;
    private final WebhookOutbox outbox;
    private final WebhookSources sources;
    private final HttpWebhookSender sender;
    private final WebhookUrls urls;
    private final ScheduledExecutorService loop;
    private final ExecutorService http;
    private final TokenService tokens;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    private WebhookWiring(WebhookOutbox outbox, WebhookSources sources, HttpWebhookSender sender, WebhookUrls urls,
                          ScheduledExecutorService loop, ExecutorService http, TokenService tokens,
                          GatewayMetrics metrics) {
        this.outbox = outbox;
        this.sources = sources;
        this.sender = sender;
        this.urls = urls;
        this.loop = loop;
        this.http = http;
        this.tokens = tokens;
        this.delivered = counter(metrics, "delivered");
        this.retried = counter(metrics, "retry");
        this.failed = counter(metrics, "failed");
        metrics.gauge("classroom_webhook_backlog", "webhook deliveries not yet delivered nor given up",
                outbox::backlog);
    }

    private static Counter counter(GatewayMetrics metrics, String outcome) {
        return Counter.builder("classroom_webhook_deliveries")
                .description("webhook delivery attempts by outcome (delivered, retry = failed and tried again later, "
                        + "failed = given up)").tag("outcome", outcome).register(metrics.registry());
    }

    public static WebhookWiring open(GatewayConfig.Webhooks config, Path dataDir, InstantSource clock, TraceStore trace,
                                     EnrolmentService enrolment, AssessmentService assessment,
                                     org.wlcy.classroom.proctoring.attendance.AttendancePolicy attendance, TokenService tokens,
                                     GatewayMetrics metrics) {
        Path dir = dataDir.resolve("webhooks");
        SecureRandom random = new SecureRandom();
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(config.retryBaseMillis()),
                Duration.ofMillis(Math.max(config.retryBaseMillis(), config.retryMaxMillis())), config.maxAttempts(),
                random::nextDouble);
        WebhookOutbox outbox = new WebhookOutbox(new FileOutboxStore(dir), clock, policy,
                () -> "whsec_" + hex(random, 32), () -> "wh_" + hex(random, 12));
        WebhookSources sources = new WebhookSources(trace, enrolment, assessment, attendance,
                new WebhookCursor(dir.resolve("cursor.json")),
                clock.instant());
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        ExecutorService http = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WebhookUrls urls = new WebhookUrls(config.allowPrivateUrls());
        HttpWebhookSender sender = new HttpWebhookSender(Duration.ofSeconds(config.timeoutSeconds()), clock, urls, http);
        WebhookWiring w = new WebhookWiring(outbox, sources, sender, urls, loop, http, tokens, metrics);
        loop.scheduleWithFixedDelay(w::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return w;
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void tick() {
        try {
            sources.pass(outbox);
        } catch (RuntimeException e) {
            LOG.error("reading events into the webhook outbox failed; tried again next tick", e);
        }
        try {
            for (Delivery d : outbox.due()) {
                Endpoint ep = outbox.endpoint(d.endpointId()).orElse(null);
                if (ep == null) {
                    outbox.completed(d, 0, "endpoint deleted");
                    continue;
                }
                sender.send(ep, d).thenAcceptAsync(o -> {
                    Delivery after = outbox.completed(d, o.code(), o.error());
                    switch (after.status()) {
                        case DELIVERED -> delivered.increment();
                        case PENDING -> retried.increment();
                        case FAILED -> {
                            failed.increment();
                            LOG.warn("webhook delivery {} to {} given up after {} attempts: {}", d.id(), ep.url(),
                                    after.attempts(), o.error());
                        }
                    }
                }, loop).exceptionally(e -> {
                    if (!(e.getCause() instanceof RejectedExecutionException)) {
                        LOG.error("webhook delivery {} could not be recorded", d.id(), e);
                    }
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.error("webhook sending failed; tried again next tick", e);
        }
    }

    public WebhookOutbox outbox() {
        return outbox;
    }

    public List<ApiRoute> routes() {
        return List.of(new WebhookApi(tokens, outbox, urls, loop));
    }

    @Override
    public void close() {
        // No new tick; a write under way (an fsync) finishes rather than being interrupted. Deliveries
        // in flight are dropped: still pending on disk, they are sent after the next start.
        loop.shutdown();
        http.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
