package org.wlcy.classroom.gateway.exchange.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.exchange.webhook.Delivery;
import org.wlcy.classroom.exchange.webhook.Endpoint;
import org.wlcy.classroom.exchange.webhook.OutboxStore;
import org.wlcy.classroom.exchange.webhook.WebhookEventType;
import org.wlcy.classroom.gateway.storage.DurableFiles;

/**
 * The outbox under {@code <data.dir>/webhooks}: {@code endpoints/<id>.json} and
 * {@code deliveries/<endpointId>/<seq>.json}, one small file per delivery, each written whole
 * (temp, fsync, rename, fsync of the folder) before the write returns. A kill -9 leaves each file
 * either as it was or as it became; a left-over {@code .tmp} is ignored.
 */
final class FileOutboxStore implements OutboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutboxStore.class);
    static final Pattern ID = Pattern.compile("wh_[0-9a-f]{8,64}");
    private final ObjectMapper json = new ObjectMapper();
    private final Path endpoints;
    private final Path deliveries;

    FileOutboxStore(Path dir) {
        this.endpoints = dir.resolve("endpoints");
        this.deliveries = dir.resolve("deliveries");
        try {
            Files.createDirectories(endpoints);
            Files.createDirectories(deliveries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (Path f : list(endpoints)) {
            try {
                JsonNode n = json.readTree(f.toFile());
                Set<WebhookEventType> events = new java.util.HashSet<>();
                n.path("events").forEach(e -> WebhookEventType.fromWire(e.asText()).ifPresent(events::add));
                out.add(new Endpoint(n.path("id").asText(), n.path("url").asText(), events,
                        n.path("institution").asText(), n.path("secret").asText(),
                        Instant.parse(n.path("createdAt").asText()), n.path("createdBy").asText()));
            } catch (IOException | RuntimeException e) {
                LOG.error("webhook endpoint file {} cannot be read; left as it is", f, e);
            }
        }
        out.sort(Comparator.comparing(Endpoint::createdAt));
        return out;
    }

    @Override
    public void saveEndpoint(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("url", e.url());
        m.put("institution", e.institution());
        m.put("events", e.events().stream().map(WebhookEventType::wire).sorted().toList());
        m.put("secret", e.secret());
        m.put("createdAt", e.createdAt().toString());
        m.put("createdBy", e.createdBy());
        DurableFiles.write(endpoints.resolve(safe(e.id()) + ".json"), bytes(m));
    }

    @Override
    public void deleteEndpoint(String id) {
        try {
            // the endpoint file goes first: a crash half-way leaves orphan deliveries, never a headless endpoint
            Files.deleteIfExists(endpoints.resolve(safe(id) + ".json"));
            DurableFiles.syncDir(endpoints);
            Path dir = deliveries.resolve(safe(id));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.list(dir)) { // a torn .tmp of a crash too
                    for (Path f : all.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete webhook endpoint " + id, e);
        }
    }

    @Override
    public List<Delivery> deliveries() {
        List<Delivery> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(deliveries)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                for (Path f : list(dir)) {
                    try {
                        out.add(read(json.readTree(f.toFile())));
                    } catch (IOException | RuntimeException e) {
                        LOG.error("webhook delivery file {} cannot be read; left as it is", f, e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + deliveries, e);
        }
        return out;
    }

    @Override
    public void save(List<Delivery> ds) {
        for (Delivery d : ds) {
            DurableFiles.write(deliveries.resolve(safe(d.endpointId())).resolve(String.format("%012d.json", d.seq())),
                    bytes(write(d)));
        }
    }

    private static String safe(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an endpoint id: " + id);
        }
        return id;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private byte[] bytes(Object o) {
        try {
            return json.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> write(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("endpointId", d.endpointId());
        m.put("seq", d.seq());
        m.put("eventId", d.eventId());
        m.put("type", d.type().wire());
        m.put("body", d.body());
        m.put("status", d.status().wire());
        m.put("attempts", d.attempts());
        m.put("createdAt", str(d.createdAt()));
        m.put("nextAttemptAt", str(d.nextAttemptAt()));
        m.put("lastAttemptAt", str(d.lastAttemptAt()));
        m.put("lastResponseCode", d.lastResponseCode());
        m.put("lastError", d.lastError());
        return m;
    }

    private static Delivery read(JsonNode n) {
        return new Delivery(n.path("id").asText(), n.path("endpointId").asText(), n.path("seq").asLong(),
                n.path("eventId").asText(), WebhookEventType.fromWire(n.path("type").asText()).orElseThrow(),
                n.path("body").asText(), Delivery.Status.valueOf(n.path("status").asText().toUpperCase(java.util.Locale.ROOT)),
                n.path("attempts").asInt(), time(n, "createdAt"), time(n, "nextAttemptAt"), time(n, "lastAttemptAt"),
                n.path("lastResponseCode").asInt(), n.path("lastError").isTextual() ? n.path("lastError").asText() : null);
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant time(JsonNode n, String field) {
        return n.path(field).isTextual() ? Instant.parse(n.path(field).asText()) : null;
    }
}
