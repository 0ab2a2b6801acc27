package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * Decodes client frames and encodes server messages with one strict {@link ObjectMapper}:
 * duplicate keys and unknown types are refused, unknown properties ignored. Thread-safe.
 */
public final class ProtocolCodec {
    /** How much of a frame {@link #peekRequestIdInPrefix} reads at most. */
    public static final int PEEK_PREFIX_BYTES = 4096;
    private final ObjectMapper mapper;
    /** Made once: {@code writerFor} resolves the polymorphic type on every call otherwise. */
    private final ObjectWriter serverWriter;

    public ProtocolCodec() {
        mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // A string field takes a JSON string only: no quiet 5 -> "5".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // A whole-number field takes a JSON integer only: no "3" -> 3, no 2.5 -> 2 (nor 2.0).
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // A boolean field takes true or false only: no "true", no 1.
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // An enum field takes its wire name only: no "" -> null, no 0 -> the first constant.
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        MessageTypes.client().forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
        MessageTypes.server().forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
        serverWriter = mapper.writerFor(ServerMessage.class);
    }

    /** A decoding failure, with the {@code requestId} when one could be read. */
    public static final class DecodeException extends ClassroomException {
        private static final long serialVersionUID = 1L;
        private final String requestId;

        DecodeException(ErrorCode code, String requestId, String message) {
            super(code, message);
            this.requestId = requestId;
        }

        public String requestId() {
            return requestId;
        }
    }

    /**
     * Decodes one text frame into a request, or throws {@link DecodeException}. A frame whose only
     * fault is a duplicate key is refused too ({@link ErrorCode#MALFORMED}), with its
     * {@code requestId} when it has exactly one at the top level.
     */
    public ClientMessage decode(String frame) {
        JsonNode tree;
        try {
            tree = mapper.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new DecodeException(ErrorCode.MALFORMED, requestIdDespiteDuplicates(frame),
                    "not valid JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new DecodeException(ErrorCode.MALFORMED, null, "a message must be a JSON object");
        }
        JsonNode rid = tree.get("requestId");
        String requestId = rid != null && rid.isTextual() && rid.asText().length() <= Fields.MAX_REQUEST_ID
                && WireValues.wellFormed(rid.asText()) ? rid.asText() : null;
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, requestId, "'type' is missing");
        }
        if (!MessageTypes.isRequest(type.asText())) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, requestId,
                    "unknown message type '" + truncate(type.asText()) + "'");
        }
        try {
            WireValues.check(tree);
        } catch (ClassroomException e) {
            throw new DecodeException(e.code(), requestId, e.getMessage());
        }
        try {
            return mapper.treeToValue(tree, ClientMessage.class);
        } catch (InvalidTypeIdException e) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, requestId, firstLine(e));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DecodeException(ErrorCode.INVALID_FIELD, requestId, cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new DecodeException(ErrorCode.INVALID_FIELD, requestId,
                    "field '" + path(e) + "' " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            String what = e.getCause() instanceof InputCoercionException ? "is out of range" : "is not valid";
            throw new DecodeException(ErrorCode.INVALID_FIELD, requestId, "field '" + path(e) + "' " + what);
        } catch (InputCoercionException e) {
            throw new DecodeException(ErrorCode.INVALID_FIELD, requestId,
                    "field '" + path(e.getProcessor()) + "' is out of range");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new DecodeException(ErrorCode.INVALID_FIELD, requestId, firstLine(e));
        }
    }

    /**
     * The {@code requestId} of a frame, read with the streaming parser without decoding the rest
     * (for refusing a frame cheaply, e.g. over the rate limit); null when the frame is not a JSON
     * object or has no usable top-level {@code requestId} before an error in the JSON.
     */
    public String peekRequestId(String frame) {
        try (JsonParser p = mapper.getFactory().createParser(frame)) {
            return firstRequestId(p);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The {@code requestId} of a frame known only by its first bytes (a frame too big to decode, or
     * the first fragment of one): read with the streaming parser from at most
     * {@link #PEEK_PREFIX_BYTES} of {@code utf8}, so the work is bounded whatever the frame's size.
     * Null unless a top-level {@code requestId} string comes, whole, before the cut or an error.
     */
    public String peekRequestIdInPrefix(byte[] utf8, int length) {
        try (JsonParser p = mapper.getFactory().createParser(utf8, 0, Math.min(length, PEEK_PREFIX_BYTES))) {
            return firstRequestId(p);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstRequestId(JsonParser p) throws java.io.IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("requestId".equals(name)) {
                return usableRequestId(p, value);
            }
            p.skipChildren();
        }
        return null;
    }

    private static String usableRequestId(JsonParser p, JsonToken value) throws java.io.IOException {
        return value == JsonToken.VALUE_STRING && p.getTextLength() <= Fields.MAX_REQUEST_ID ? p.getText() : null;
    }

    /**
     * The {@code requestId} of a frame the strict parser refused, read again leniently (duplicate
     * keys allowed, at any depth): only when the frame is otherwise one valid JSON object and has
     * exactly one top-level {@code requestId} (two are ambiguous: neither is answered). Null else.
     */
    private String requestIdDespiteDuplicates(String frame) {
        try (JsonParser p = mapper.getFactory().createParser(frame)) {
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String requestId = null;
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("requestId".equals(name)) {
                    seen++;
                    requestId = usableRequestId(p, value);
                }
                p.skipChildren();
            }
            return t == JsonToken.END_OBJECT && p.nextToken() == null && seen == 1 ? requestId : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Encodes one server message as a JSON text frame. */
    public String encode(ServerMessage message) {
        try {
            return serverWriter.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Encodes one server message as the UTF-8 bytes of a JSON text frame. */
    public byte[] encodeUtf8(ServerMessage message) {
        try {
            return serverWriter.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Encodes any request (used by test and load clients that speak the protocol). */
    public String encodeRequest(ClientMessage message) {
        try {
            return mapper.writerFor(ClientMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a server message (for clients and tests). */
    public ServerMessage decodeServer(String frame) {
        try {
            return mapper.readValue(frame, ServerMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot decode server message: " + firstLine(e), e);
        }
    }

    /** The mapper, for adapters that need the same JSON settings (REST bodies). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The field a mapping error is about, as {@code events[1].data.level}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.length() == 0 ? "?" : sb.toString();
    }

    /** The field a parser stands on, as {@code events[1].data.level}. */
    private static String path(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return "?";
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String s = String.join("", parts);
        s = s.startsWith(".") ? s.substring(1) : s;
        return s.isEmpty() ? "?" : s;
    }

    /** What a field of {@code type} takes, for "field 'x' must be ...". */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "must be a whole number (a JSON integer, not a string or a fraction)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == java.time.Instant.class) {
            return "must be an ISO-8601 instant as a string, like 2026-11-29T08:10:00.500Z";
        }
        if (type.isEnum()) {
            return "must be one of its documented names (a string)";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        return "has the wrong type";
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return truncate(nl < 0 ? m : m.substring(0, nl));
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
