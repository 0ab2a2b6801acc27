package org.wlcy.classroom.proctoring.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The JSON form in which both stores keep an event's details (the file store's record payload and
 * PostgreSQL's {@code data} column), and the normalisation every stored event goes through: times
 * are kept to the microsecond, as PostgreSQL keeps them.
 */
final class TraceRecordCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private TraceRecordCodec() {
    }

    /** The event as both stores keep it: {@code recordedAt} and {@code clientTime} cut to microseconds. */
    static TraceEvent normalize(TraceEvent e, long index) {
        return new TraceEvent(index, e.classroomId(), e.sessionId(), e.userId(), e.kind(), micros(e.recordedAt()),
                e.eventId(), e.clientTime() == null ? null : micros(e.clientTime()), e.data());
    }

    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    /** One event as a JSON object (UTF-8), keys in a fixed order, {@code data} sorted by key. */
    static byte[] encodeEvent(TraceEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("index", e.index());
            g.writeStringField("classroomId", e.classroomId().value());
            g.writeStringField("sessionId", e.sessionId());
            g.writeStringField("userId", e.userId().value());
            g.writeStringField("kind", e.kind().wire());
            g.writeStringField("recordedAt", e.recordedAt().toString());
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("clientTime", e.clientTime() == null ? null : e.clientTime().toString());
            g.writeFieldName("data");
            writeData(g, e.data());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    static TraceEvent decodeEvent(byte[] json) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        return new TraceEvent(n.required("index").asLong(), new ClassroomId(text(n, "classroomId")),
                text(n, "sessionId"), new UserId(text(n, "userId")), TraceKind.fromWire(text(n, "kind")),
                Instant.parse(text(n, "recordedAt")), text(n, "eventId"), instant(text(n, "clientTime")),
                decodeData(n.required("data")));
    }

    /** {@code data} alone, as a JSON object sorted by key (PostgreSQL's {@code data} column). */
    static String encodeData(Map<String, Object> data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeData(g, data);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, Object> decodeData(String json) throws IOException {
        return decodeData(MAPPER.readTree(json));
    }

    static byte[] encodeCheckpoint(Checkpoint c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("classroomId", c.classroomId().value());
            g.writeNumberField("treeSize", c.treeSize());
            g.writeStringField("rootHash", c.rootHash());
            g.writeStringField("issuedAt", c.issuedAt().toString());
            g.writeStringField("keyId", c.keyId());
            g.writeStringField("signature", c.signature());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    static Checkpoint decodeCheckpoint(byte[] json) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        return new Checkpoint(new ClassroomId(text(n, "classroomId")), n.required("treeSize").asLong(),
                text(n, "rootHash"), Instant.parse(text(n, "issuedAt")), text(n, "keyId"), text(n, "signature"));
    }

    private static void writeData(JsonGenerator g, Map<String, Object> data) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> d : data.entrySet()) {
            Object v = d.getValue();
            if (v instanceof String s) {
                g.writeStringField(d.getKey(), s);
            } else if (v instanceof Long l) {
                g.writeNumberField(d.getKey(), l);
            } else if (v instanceof Boolean b) {
                g.writeBooleanField(d.getKey(), b);
            } else {
                throw new IllegalArgumentException("unexpected trace data value " + v);
            }
        }
        g.writeEndObject();
    }

    private static Map<String, Object> decodeData(JsonNode n) throws IOException {
        if (!n.isObject()) {
            throw new IOException("data is not an object");
        }
        Map<String, Object> data = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isTextual()) {
                data.put(f.getKey(), v.textValue());
            } else if (v.isBoolean()) {
                data.put(f.getKey(), v.booleanValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                data.put(f.getKey(), v.longValue());
            } else {
                throw new IOException("data '" + f.getKey() + "' is neither a string, a whole number nor a boolean");
            }
        }
        return data;
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IOException("'" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
