package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A client's timestamp: an ISO-8601 instant as a JSON string ({@code "2026-11-29T08:10:00.500Z"}),
 * never a number (Jackson's own reader would take {@code 1700000000} as epoch seconds). The window
 * ({@link WireValues#inWindow(Instant)}) is the record's check, so that the message names the field.
 */
final class ClientInstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    ClientInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getText();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
        }
    }
}
