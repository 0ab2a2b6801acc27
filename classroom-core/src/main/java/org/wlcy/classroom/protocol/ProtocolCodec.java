package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // A string field takes a JSON string only: no quiet 5 -> "5".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
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
                ? rid.asText() : null;
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, requestId, "'type' is missing");
        }
        if (!MessageTypes.client().containsKey(type.asText())) {
            throw new DecodeException(ErrorCode.UNKNOWN_TYPE, requestId,
                    "unknown message type '" + truncate(type.asText()) + "'");
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
                    "field '" + path(e) + "' has the wrong type");
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

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        });
        return sb.length() == 0 ? "?" : sb.toString();
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
