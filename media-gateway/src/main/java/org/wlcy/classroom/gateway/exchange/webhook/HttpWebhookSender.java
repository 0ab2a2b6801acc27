package org.wlcy.classroom.gateway.exchange.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.exchange.webhook.Delivery;
import org.wlcy.classroom.exchange.webhook.Endpoint;
import org.wlcy.classroom.exchange.webhook.WebhookSignature;

/** POSTs one delivery, signed at the moment it is sent; never follows redirects. */
final class HttpWebhookSender {
    /** What came of one attempt: the HTTP status (0 when none) and an error text when it failed before one. */
    record Outcome(int code, String error) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final InstantSource clock;
    private final WebhookUrls urls;

    HttpWebhookSender(Duration timeout, InstantSource clock, WebhookUrls urls, Executor executor) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
        this.timeout = timeout;
        this.clock = clock;
        this.urls = urls;
    }

    CompletableFuture<Outcome> send(Endpoint endpoint, Delivery d) {
        URI uri;
        try {
            uri = urls.check(endpoint.url());
        } catch (ClassroomException e) {
            return CompletableFuture.completedFuture(new Outcome(0, e.getMessage()));
        }
        long t = clock.instant().getEpochSecond();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "wlcy-classroom-webhooks/1")
                .header("X-Wlcy-Event", d.type().wire())
                .header("X-Wlcy-Delivery", d.id())
                .header("X-Wlcy-Signature", WebhookSignature.header(endpoint.secret(), t, d.body()))
                .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8)).build();
        return client.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> new Outcome(r.statusCode(), r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode()))
                .exceptionally(e -> {
                    Throwable c = e.getCause() == null ? e : e.getCause();
                    String msg = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                    return new Outcome(0, msg.length() > 300 ? msg.substring(0, 300) : msg);
                });
    }
}
