package org.wlcy.classroom.gateway.media.janus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link JanusMediaServer} reaches and talks to one Janus instance.
 *
 * @param url                  Janus WebSocket API, e.g. {@code ws://127.0.0.1:8188/}
 * @param apiSecret            Janus {@code api_secret}, or {@code null} when Janus has none
 * @param roomSecret           videoroom {@code secret} set on rooms this adapter creates (needed to
 *                             destroy them), or {@code null}
 * @param adminKey             videoroom plugin {@code admin_key} (needed to create rooms when the
 *                             plugin is configured with one), or {@code null}
 * @param keepalive            how often the Janus session is kept alive (below Janus's
 *                             {@code session_timeout}, default 60 s)
 * @param requestTimeout       how long one request may wait for its answer
 * @param reconnectBackoff     first delay before reconnecting after a loss; doubles per failure
 * @param maxReconnectBackoff  upper bound of the reconnect delay
 */
public record JanusSettings(URI url, String apiSecret, String roomSecret, String adminKey,
                            Duration keepalive, Duration requestTimeout,
                            Duration reconnectBackoff, Duration maxReconnectBackoff) {

    public JanusSettings {
        Objects.requireNonNull(url, "url");
        requirePositive(keepalive, "keepalive");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(reconnectBackoff, "reconnectBackoff");
        requirePositive(maxReconnectBackoff, "maxReconnectBackoff");
        if (maxReconnectBackoff.compareTo(reconnectBackoff) < 0) {
            throw new IllegalArgumentException("maxReconnectBackoff < reconnectBackoff");
        }
    }

    /** Defaults: no secrets, keepalive 25 s, request timeout 10 s, reconnect 0.5 s .. 10 s. */
    public static JanusSettings of(URI url) {
        return new JanusSettings(url, null, null, null, Duration.ofSeconds(25),
                Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public JanusSettings withApiSecret(String secret) {
        return new JanusSettings(url, secret, roomSecret, adminKey, keepalive, requestTimeout,
                reconnectBackoff, maxReconnectBackoff);
    }

    public JanusSettings withRoomSecret(String secret) {
        return new JanusSettings(url, apiSecret, secret, adminKey, keepalive, requestTimeout,
                reconnectBackoff, maxReconnectBackoff);
    }

    public JanusSettings withAdminKey(String key) {
        return new JanusSettings(url, apiSecret, roomSecret, key, keepalive, requestTimeout,
                reconnectBackoff, maxReconnectBackoff);
    }

    public JanusSettings withKeepalive(Duration every) {
        return new JanusSettings(url, apiSecret, roomSecret, adminKey, every, requestTimeout,
                reconnectBackoff, maxReconnectBackoff);
    }

    public JanusSettings withRequestTimeout(Duration timeout) {
        return new JanusSettings(url, apiSecret, roomSecret, adminKey, keepalive, timeout,
                reconnectBackoff, maxReconnectBackoff);
    }

    public JanusSettings withReconnectBackoff(Duration first, Duration max) {
        return new JanusSettings(url, apiSecret, roomSecret, adminKey, keepalive, requestTimeout,
                first, max);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
    }
}
