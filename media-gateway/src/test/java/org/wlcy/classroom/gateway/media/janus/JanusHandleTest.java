package org.wlcy.classroom.gateway.media.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.media.IceCandidate;
import org.wlcy.classroom.media.MediaEvents;
import org.wlcy.classroom.media.MediaException;

/** Janus's pushed handle events become MediaEvents calls, held until release (no Janus needed). */
class JanusHandleTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final MediaEvents events = new MediaEvents() {
        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            seen.add(candidate == null ? "end" : "cand " + candidate.candidate() + " " + candidate.sdpMid()
                    + " " + candidate.sdpMLineIndex());
        }

        @Override
        public void onConnected() {
            seen.add("up");
        }

        @Override
        public void onHangup(String reason) {
            seen.add("hangup " + reason);
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private JanusHandle handle() {
        JanusConnection connection = new JanusConnection(JanusSettings.of(URI.create("ws://127.0.0.1:1/")),
                json, scheduler, (c, reason) -> { });
        return new JanusHandle(connection, 7, events);
    }

    private JsonNode msg(String text) throws Exception {
        return json.readTree(text);
    }

    @Test
    void eventsAreHeldUntilReleaseThenDeliveredInOrder() throws Exception {
        JanusHandle h = handle();
        h.onEvent(msg("{\"janus\":\"trickle\",\"sender\":7,\"candidate\":{\"candidate\":"
                + "\"candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}"));
        assertThat(seen).isEmpty();
        h.release();
        h.onEvent(msg("{\"janus\":\"trickle\",\"sender\":7,\"candidate\":{\"completed\":true}}"));
        h.onEvent(msg("{\"janus\":\"webrtcup\",\"sender\":7}"));
        h.onEvent(msg("{\"janus\":\"media\",\"sender\":7,\"type\":\"audio\",\"receiving\":true}"));
        h.onEvent(msg("{\"janus\":\"hangup\",\"sender\":7,\"reason\":\"DTLS alert\"}"));
        assertThat(seen).containsExactly(
                "cand candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host 0 0", "end", "up",
                "hangup DTLS alert");
    }

    @Test
    void detachedHandlesStaySilent() throws Exception {
        JanusHandle h = handle();
        h.release();
        h.onEvent(msg("{\"janus\":\"detached\",\"sender\":7}"));
        assertThat(seen).containsExactly("hangup detached");
        h.detach();
        h.detach();
        h.onEvent(msg("{\"janus\":\"webrtcup\",\"sender\":7}"));
        h.onConnectionLost("gone");
        assertThat(seen).containsExactly("hangup detached");
    }

    @Test
    void janusErrorsBecomeMediaExceptions() throws Exception {
        MediaException top = JanusMessages.errorOf(msg(
                "{\"janus\":\"error\",\"transaction\":\"t\",\"error\":{\"code\":458,\"reason\":\"No such session\"}}"));
        assertThat(top.mediaCode()).isEqualTo(458);
        assertThat(top.getMessage()).contains("No such session");
        assertThat(top.isUnavailable()).isFalse();
        MediaException plugin = JanusMessages.errorOf(msg("{\"janus\":\"success\",\"plugindata\":{\"plugin\":"
                + "\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\",\"error_code\":427,"
                + "\"error\":\"Room 1 already exists\"}}}"));
        assertThat(plugin.mediaCode()).isEqualTo(427);
        assertThat(JanusMessages.errorOf(msg("{\"janus\":\"success\",\"data\":{\"id\":1}}"))).isNull();
    }
}
