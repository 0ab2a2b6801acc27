package org.wlcy.classroom.gateway.media.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wlcy.classroom.media.MediaException;

/** Reading and building Janus API messages (JSON shapes only, no I/O). */
final class JanusMessages {

    static final String VIDEOROOM = "janus.plugin.videoroom";

    /** Videoroom "room already exists" ({@code JANUS_VIDEOROOM_ERROR_ROOM_EXISTS}). */
    static final int ROOM_EXISTS = 427;

    private JanusMessages() {
    }

    /**
     * The error a Janus answer carries: a top-level {@code "janus":"error"} or a plugin's
     * {@code error_code} inside {@code plugindata.data}; {@code null} when it is no error.
     */
    static MediaException errorOf(JsonNode msg) {
        if ("error".equals(msg.path("janus").asText())) {
            JsonNode err = msg.path("error");
            return new MediaException(err.path("code").asInt(0),
                    "Janus error: " + err.path("reason").asText("(no reason)"));
        }
        JsonNode data = pluginData(msg);
        if (data.has("error_code")) {
            return new MediaException(data.path("error_code").asInt(0),
                    "Janus videoroom error: " + data.path("error").asText("(no reason)"));
        }
        return null;
    }

    /** {@code plugindata.data} of an answer or event (a missing node when absent). */
    static JsonNode pluginData(JsonNode msg) {
        return msg.path("plugindata").path("data");
    }

    /** The SDP of the {@code jsep} an answer or event carries, or {@code null}. */
    static String jsepSdp(JsonNode msg) {
        JsonNode sdp = msg.path("jsep").path("sdp");
        return sdp.isTextual() ? sdp.asText() : null;
    }

    /** A plugin request body {@code {"request": name}}. */
    static ObjectNode body(ObjectMapper json, String request) {
        return json.createObjectNode().put("request", request);
    }

    /** A {@code jsep} object. */
    static ObjectNode jsep(ObjectMapper json, String type, String sdp) {
        return json.createObjectNode().put("type", type).put("sdp", sdp);
    }
}
