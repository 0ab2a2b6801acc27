package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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

    /** Decodes one text frame into a request, or throws {@link DecodeException}. */
    public ClientMessage decode(String frame) {
        JsonNode tree;
        try {
            tree = mapper.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new DecodeException(ErrorCode.MALFORMED, null, "not valid JSON: " + firstLine(e));
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
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if ("requestId".equals(name)) {
                    return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                            && p.getTextLength() <= Fields.MAX_REQUEST_ID ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
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
