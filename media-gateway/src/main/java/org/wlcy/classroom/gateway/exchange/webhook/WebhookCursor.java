package org.wlcy.classroom.gateway.exchange.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.wlcy.classroom.gateway.storage.DurableFiles;

/**
 * How far the event sources have been read into the outbox: per class the next trace index, and the
 * time of the last class approval taken. Written durably after the events read are in the outbox;
 * a crash in between reads them again, and the outbox keeps each event once (its id).
 */
final class WebhookCursor {
    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    final Map<String, Long> trace = new TreeMap<>();
    Instant approvedUpTo;
    final boolean fresh;

    WebhookCursor(Path file) {
        this.file = file;
        this.fresh = !Files.exists(file);
        if (!fresh) {
            try {
                JsonNode n = json.readTree(file.toFile());
                n.path("trace").fields().forEachRemaining(f -> trace.put(f.getKey(), f.getValue().asLong()));
                approvedUpTo = n.path("approvedUpTo").isTextual() ? Instant.parse(n.path("approvedUpTo").asText()) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the webhook cursor " + file
                        + "; remove it to start from now (events since the last run are then not sent)", e);
            }
        }
    }

    void save() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", trace);
        m.put("approvedUpTo", approvedUpTo == null ? null : approvedUpTo.toString());
        try {
            DurableFiles.write(file, json.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
