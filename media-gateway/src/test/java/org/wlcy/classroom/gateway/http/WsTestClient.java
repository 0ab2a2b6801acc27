package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scripted protocol client for whole-server tests: sends JSON requests, waits (with timeouts,
 * never sleeps) for replies and events. Speaks only the public wire protocol.
 */
final class WsTestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed;
    private final AtomicInteger ids = new AtomicInteger();
    private JsonNode lastJoin;

    private WsTestClient(WebSocket socket, CompletableFuture<Integer> closed, BlockingQueue<JsonNode> inbox) {
        this.socket = socket;
        this.closed = closed;
        inbox.drainTo(this.inbox);
    }

    /**
     * Opens {@code /ws?token=...} with the {@code Origin} header of a page: {@code origin}, or when
     * null the server's own pages ({@code http://127.0.0.1:PORT}, on the default allowlist), as a
     * browser always sends one. Upgrades without the header are tested with {@link #rawUpgrade}.
     */
    static WsTestClient connect(int port, String token, String origin) {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Listener listener = new Listener(inbox, closed);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        b.header("Origin", origin != null ? origin : "http://127.0.0.1:" + port);
        WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), listener).join();
        WsTestClient client = new WsTestClient(ws, closed, inbox);
        listener.target = client.inbox;
        return client;
    }

    /** Sends a request (adds a requestId) and returns the requestId. */
    String send(String type, Object... keyValues) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        String rid = "r" + ids.incrementAndGet();
        n.put("requestId", rid);
        for (int i = 0; i < keyValues.length; i += 2) {
            n.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        sendRaw(n.toString());
        return rid;
    }

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends a request and returns its reply ({@code .ok} or {@code error}). */
    JsonNode request(String type, Object... keyValues) {
        String rid = send(type, keyValues);
        return await("reply to " + type, m -> rid.equals(m.path("requestId").asText(null)));
    }

    /** The {@code participantId} this client got from its last {@code class.join.ok}. */
    String seenJoin() {
        return lastJoin == null ? null : lastJoin.path("you").path("participantId").asText();
    }

    /** The streams listed in the last {@code class.join.ok}. */
    List<JsonNode> seenJoinStreams() {
        List<JsonNode> out = new ArrayList<>();
        lastJoin.path("streams").forEach(out::add);
        return out;
    }

    /** Sends a request that must succeed. */
    JsonNode ok(String type, Object... keyValues) {
        JsonNode reply = request(type, keyValues);
        if (!reply.path("type").asText().equals(type + ".ok")) {
            throw new AssertionError(type + " failed: " + reply);
        }
        if (type.equals("class.join")) {
            lastJoin = reply;
        }
        return reply;
    }

    /** The next message (already received or arriving within the timeout) that matches. */
    JsonNode await(String what, Predicate<JsonNode> match) {
        return await(what, match, TIMEOUT);
    }

    /** The next message (already received or arriving within {@code timeout}) that matches. */
    JsonNode await(String what, Predicate<JsonNode> match, Duration timeout) {
        for (JsonNode m : seen) {
            if (match.test(m)) {
                seen.remove(m);
                return m;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("timed out waiting for " + what + "; unmatched: " + seen);
                }
                if (match.test(m)) {
                    return m;
                }
                seen.add(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Every message of {@code type}, in order, up to and including the first that {@code last}
     * accepts (waiting for it); other messages stay for later awaits.
     */
    List<JsonNode> awaitAllOfType(String type, Predicate<JsonNode> last) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode m;
        do {
            m = awaitType(type);
            out.add(m);
        } while (!last.test(m));
        return out;
    }

    JsonNode awaitType(String type) {
        return await(type, m -> type.equals(m.path("type").asText()));
    }

    /** The close code the server sent, waiting for it. */
    int awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection did not close", e);
        }
    }

    /** Every message received and not yet awaited, in order; forgets them. */
    List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>(seen);
        seen.clear();
        inbox.drainTo(out);
        return out;
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    /** Cuts the TCP connection without a close frame, as a network drop does. */
    void abort() {
        socket.abort();
    }

    /** Every message received so far and not taken by an await, in order (none is taken). */
    List<JsonNode> unmatched() {
        inbox.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            try {
                closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                socket.abort();
            }
        }
    }

    /** A WebSocket upgrade done by hand, to read the HTTP status and body of a refusal. */
    record Refusal(int status, JsonNode body) {
    }

    static Refusal rawUpgrade(int port, String pathAndQuery, String origin) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                String text = buf.toString(StandardCharsets.UTF_8);
                int headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd > 0 && text.startsWith("HTTP/1.1 101")) {
                    return new Refusal(101, null);
                }
                if (headerEnd > 0) {
                    int status = Integer.parseInt(text.substring(9, 12));
                    int len = contentLength(text.substring(0, headerEnd));
                    if (buf.size() >= headerEnd + 4 + len) {
                        String body = text.substring(headerEnd + 4);
                        return new Refusal(status, body.isEmpty() ? null : JSON.readTree(body));
                    }
                }
            }
            throw new IOException("connection closed without a response");
        }
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Integer> closed;
        volatile BlockingQueue<JsonNode> target;

        Listener(BlockingQueue<JsonNode> inbox, CompletableFuture<Integer> closed) {
            this.target = inbox;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    target.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException("server sent non-JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
