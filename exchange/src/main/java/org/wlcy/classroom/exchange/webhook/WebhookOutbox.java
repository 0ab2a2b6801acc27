package org.wlcy.classroom.exchange.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The durable outbox: events fan out to the endpoints that take their type, one delivery each,
 * saved before {@link #publish} returns. Per endpoint in order: only the endpoint's oldest pending
 * delivery is handed out ({@link #due}), and a later one waits until it is delivered or given up.
 * At least once: a delivery in flight when the process dies is sent again after the restart, with
 * the same id. Thread-safe (one lock; deliveries are few and small).
 */
public final class WebhookOutbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutboxStore store;
    private final InstantSource clock;
    private final RetryPolicy policy;
    private final Supplier<String> secrets;
    private final Supplier<String> endpointIds;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    /** Per endpoint, its deliveries by seq. */
    private final Map<String, TreeMap<Long, Delivery>> deliveries = new HashMap<>();
    private final Map<String, Delivery> byId = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    public WebhookOutbox(OutboxStore store, InstantSource clock, RetryPolicy policy, Supplier<String> secrets,
                         Supplier<String> endpointIds) {
        this.store = store;
        this.clock = clock;
        this.policy = policy;
        this.secrets = secrets;
        this.endpointIds = endpointIds;
        store.endpoints().forEach(e -> endpoints.put(e.id(), e));
        for (Delivery d : store.deliveries()) {
            if (endpoints.containsKey(d.endpointId())) {
                index(d);
            }
        }
    }

    private void index(Delivery d) {
        deliveries.computeIfAbsent(d.endpointId(), k -> new TreeMap<>()).put(d.seq(), d);
        byId.put(d.id(), d);
    }

    // ------------------------------------------------------------------ endpoints

    public synchronized Endpoint register(String url, Set<WebhookEventType> events, String institution, String by) {
        Endpoint e = new Endpoint(endpointIds.get(), url, events, institution, secrets.get(), clock.instant(), by);
        store.saveEndpoint(e);
        endpoints.put(e.id(), e);
        return e;
    }

    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    public synchronized Optional<Endpoint> endpoint(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    public synchronized boolean delete(String id) {
        if (!endpoints.containsKey(id)) {
            return false;
        }
        store.deleteEndpoint(id);
        endpoints.remove(id);
        TreeMap<Long, Delivery> gone = deliveries.remove(id);
        if (gone != null) {
            gone.values().forEach(d -> byId.remove(d.id()));
        }
        return true;
    }

    // ------------------------------------------------------------------ events

    /** The delivery id of an event for an endpoint: the same every time it is derived. */
    public static String deliveryId(String endpointId, String eventId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((endpointId + "\n" + eventId)
                    .getBytes(StandardCharsets.UTF_8));
            return "dlv_" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body every endpoint gets for this event. */
    public static String body(WebhookEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("type", e.type().wire());
        m.put("occurredAt", e.occurredAt().toString());
        m.put("institution", e.institution());
        m.put("data", new TreeMap<>(e.data()));
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException x) {
            throw new IllegalArgumentException("event data is not JSON: " + x.getMessage(), x);
        }
    }

    /**
     * Queues the events for every endpoint that takes their type, durably, in the order given. An
     * event already queued for an endpoint (the same event id) is not queued again. Returns how
     * many deliveries were added.
     */
    public synchronized int publish(List<WebhookEvent> events) {
        List<Delivery> added = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, Long> nextSeq = new HashMap<>();
        for (WebhookEvent e : events) {
            String body = body(e);
            for (Endpoint ep : endpoints.values()) {
                String id = deliveryId(ep.id(), e.id());
                if (!ep.wants(e) || byId.containsKey(id)
                        || added.stream().anyMatch(d -> d.id().equals(id))) {
                    continue;
                }
                long seq = nextSeq.computeIfAbsent(ep.id(), k -> {
                    TreeMap<Long, Delivery> m = deliveries.get(k);
                    return m == null || m.isEmpty() ? 1L : m.lastKey() + 1;
                });
                nextSeq.put(ep.id(), seq + 1);
                added.add(Delivery.enqueued(id, ep.id(), seq, e, body, now));
            }
        }
        if (!added.isEmpty()) {
            store.save(added);
            added.forEach(this::index);
        }
        return added.size();
    }

    // ------------------------------------------------------------------ sending

    /**
     * The deliveries to send now: per endpoint at most one, its oldest pending one, if its time has
     * come and it is not already being sent. Each is marked in flight until {@link #completed}.
     */
    public synchronized List<Delivery> due() {
        Instant now = clock.instant();
        List<Delivery> out = new ArrayList<>();
        for (var entry : deliveries.entrySet()) {
            Delivery head = entry.getValue().values().stream().filter(d -> d.status() == Delivery.Status.PENDING)
                    .findFirst().orElse(null);
            if (head != null && head.dueAt(now) && !inFlight.contains(entry.getKey())) {
                inFlight.add(entry.getKey());
                out.add(head);
            }
        }
        out.sort(Comparator.comparing(Delivery::nextAttemptAt));
        return out;
    }

    /** The outcome of sending {@code d}: a 2xx {@code code} delivers it; anything else is a failed attempt. */
    public synchronized Delivery completed(Delivery d, int code, String error) {
        inFlight.remove(d.endpointId());
        Delivery current = byId.get(d.id());
        if (current == null) {
            return d; // its endpoint was deleted meanwhile
        }
        Instant now = clock.instant();
        Delivery next = code >= 200 && code < 300 ? current.delivered(code, now)
                : current.attemptFailed(code, error, now, policy);
        store.save(List.of(next));
        index(next);
        return next;
    }

    /** Sends a delivery again (delivered or failed ones too), with the same id and body. */
    public synchronized Optional<Delivery> replay(String endpointId, String deliveryId) {
        Delivery d = byId.get(deliveryId);
        if (d == null || !d.endpointId().equals(endpointId)) {
            return Optional.empty();
        }
        Delivery next = d.replayed(clock.instant());
        store.save(List.of(next));
        index(next);
        return Optional.of(next);
    }

    /** An endpoint's deliveries, newest first. */
    public synchronized List<Delivery> deliveries(String endpointId) {
        TreeMap<Long, Delivery> m = deliveries.get(endpointId);
        return m == null ? List.of() : List.copyOf(m.descendingMap().values());
    }

    /** Deliveries not yet delivered nor given up (the backlog). */
    public synchronized int backlog() {
        return (int) byId.values().stream().filter(d -> d.status() == Delivery.Status.PENDING).count();
    }
}
