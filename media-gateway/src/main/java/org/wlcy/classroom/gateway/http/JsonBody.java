package org.wlcy.classroom.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.protocol.WireValues;

/**
 * A request body read strictly: a JSON object without duplicate keys; whole numbers only where a
 * whole number is meant (not {@code "3"}, not {@code 2.5}); text without lone surrogates. Every
 * refusal is a coded error naming the field.
 */
public final class JsonBody {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody of(FullHttpRequest req) {
        try {
            JsonNode n = STRICT.readTree(req.content().toString(StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw new ClassroomException(ErrorCode.MALFORMED, "the body must be a JSON object");
            }
            WireValues.check(n); // every text well-formed, every number finite and a long
            return new JsonBody(n);
        } catch (IOException e) {
            throw new ClassroomException(ErrorCode.MALFORMED, "the body is not JSON (or has a key twice)");
        }
    }

    public JsonNode node() {
        return node;
    }

    public String text(String field, int max) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return checkedText(field, n.asText(), max);
    }

    public String optionalText(String field, int max) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? "" : text(field, max);
    }

    public boolean bool(String field, boolean otherwise) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return n.asBoolean();
    }

    public int whole(String field, int min, int max) {
        return whole(node.get(field), field, min, max);
    }

    public Instant instant(String field) {
        String t = text(field, 40);
        try {
            Instant at = Instant.parse(t);
            if (!WireValues.inWindow(at)) {
                throw invalid(field, "must be between 2000 and 2099");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an instant like 2026-11-09T18:00:00+08:00 or ...Z");
        }
    }

    /** An object of scalar values: text, whole numbers (as Long) or booleans; anything else is refused. */
    public Map<String, Object> scalars(String field, int maxText) {
        JsonNode n = node.get(field);
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw invalid(field, "must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = field + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(e.getKey(), checkedText(key, v.asText(), maxText));
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                out.put(e.getKey(), v.asLong());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.asBoolean());
            } else if (!v.isNull()) {
                throw invalid(key, v.isNumber() ? "must be a whole number" : "must be text or a whole number");
            }
        }
        return out;
    }

    public static int whole(JsonNode n, String field, int min, int max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw invalid(field, "must be a whole number " + min + "-" + max);
        }
        return n.asInt();
    }

    public static String checkedText(String field, String s, int max) {
        if (s.length() > max) {
            throw invalid(field, "at most " + max + " characters");
        }
        if (!WireValues.wellFormed(s) || s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw invalid(field, "contains a character that is not text");
        }
        return s;
    }

    public static ClassroomException invalid(String field, String what) {
        return new ClassroomException(ErrorCode.INVALID_FIELD, field + ": " + what);
    }
}
