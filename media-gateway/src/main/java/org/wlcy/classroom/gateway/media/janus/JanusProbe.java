package org.wlcy.classroom.gateway.media.janus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One-shot liveness check: opens a WebSocket (JDK client), sends Janus's {@code info} request and
 * completes with {@code true} when a {@code server_info} comes back, {@code false} on any
 * failure or timeout. Never fails exceptionally.
 */
final class JanusProbe {

    private final HttpClient http;

    JanusProbe(HttpClient http) {
        this.http = http;
    }

    CompletableFuture<Boolean> info(URI url, String apiSecret, Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        String request = "{\"janus\":\"info\",\"transaction\":\"probe\""
                + (apiSecret == null ? "" : ",\"apisecret\":" + JanusConfigWriter.quote(apiSecret)) + "}";
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    result.complete(text.indexOf("\"server_info\"") >= 0);
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                result.complete(false);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                result.complete(false);
            }
        };
        CompletableFuture<WebSocket> connecting = http.newWebSocketBuilder()
                .subprotocols("janus-protocol")
                .connectTimeout(timeout)
                .buildAsync(url, listener);
        connecting.whenComplete((ws, error) -> {
            if (error != null) {
                result.complete(false);
            } else {
                ws.sendText(request, true);
            }
        });
        result.completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((ok, e) -> connecting.thenAccept(ws -> ws.abort()));
        return result;
    }
}
