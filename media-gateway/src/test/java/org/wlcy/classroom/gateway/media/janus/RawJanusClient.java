package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal blocking Janus WebSocket client for checking what the adapter did (JDK WebSocket,
 * independent of the adapter's code): one session, one videoroom handle, synchronous requests.
 */
public final class RawJanusClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong tx = new AtomicLong();
    private final WebSocket ws;
    private final long session;
    private final long handle;

    public RawJanusClient(URI url) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("janus-protocol")
                .buildAsync(url, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            onMessage(text.toString());
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        session = call(json.createObjectNode().put("janus", "create")).path("data").path("id").asLong();
        handle = call(json.createObjectNode().put("janus", "attach").put("session_id", session)
                .put("plugin", "janus.plugin.videoroom")).path("data").path("id").asLong();
    }

    private void onMessage(String text) {
        try {
            JsonNode msg = json.readTree(text);
            String janus = msg.path("janus").asText();
            CompletableFuture<JsonNode> f = pending.get(msg.path("transaction").asText(""));
            if (f != null && !"ack".equals(janus)) {
                f.complete(msg);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request and returns the answer (no ack). */
    JsonNode call(ObjectNode request) throws Exception {
        String id = "raw-" + tx.incrementAndGet();
        request.put("transaction", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ws.sendText(json.writeValueAsString(request), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            pending.remove(id);
        }
    }

    /** A synchronous videoroom request; returns {@code plugindata.data}. */
    JsonNode videoroom(ObjectNode body) throws Exception {
        ObjectNode msg = json.createObjectNode().put("janus", "message")
                .put("session_id", session).put("handle_id", handle);
        msg.set("body", body);
        return call(msg).path("plugindata").path("data");
    }

    boolean roomExists(long room) throws Exception {
        return videoroom(json.createObjectNode().put("request", "exists").put("room", room))
                .path("exists").asBoolean();
    }

    int participants(long room) throws Exception {
        return videoroom(json.createObjectNode().put("request", "listparticipants").put("room", room))
                .path("participants").size();
    }

    /** RTP forwarders Janus runs in {@code room}, over all publishers ({@code listforwarders}). */
    public int forwarders(long room) throws Exception {
        int n = 0;
        for (JsonNode p : videoroom(json.createObjectNode().put("request", "listforwarders").put("room", room))
                .path("publishers")) {
            n += p.path("forwarders").size();
        }
        return n;
    }

    @Override
    public void close() {
        try {
            call(json.createObjectNode().put("janus", "destroy").put("session_id", session));
        } catch (Exception e) {
            // best effort
        }
        ws.abort();
    }
}
