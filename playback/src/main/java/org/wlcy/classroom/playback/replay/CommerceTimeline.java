package org.wlcy.classroom.playback.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Issue I: the practice live room (模拟直播电商, docs/adr/0025) on a replay's timeline: the host's
 * product pins, flash sales (start and end) and the audience's orders, at their instants, each
 * with the product's name as it was then (from the shelf's {@code commerce.product put} records,
 * also those before the recording started). A product still pinned when the recording started is
 * an item at 0 with {@code earlier=true}. Orders are anonymous ({@code by} and {@code name} null):
 * in the live room the audience never sees who bought, and the replay shows no more. Items before the recording or after its end are dropped by
 * {@link Timeline#build}.
 */
final class CommerceTimeline {
    private CommerceTimeline() {
    }

    /**
     * @param events    the class's trace around the recording (any order)
     * @param sessionId the recorded lesson (null: all)
     * @param names     the display name of a user id (the user id when none is known)
     */
    static List<Map<String, Object>> items(List<TraceEvent> events, String sessionId, Instant origin,
                                           Function<String, String> names) {
        List<TraceEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(TraceEvent::recordedAt).thenComparingLong(TraceEvent::index));
        Map<String, String> products = new HashMap<>(); // roomId/productId -> name, as put last
        Map<String, Long> prices = new HashMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Map<String, Object>> pinnedAtStart = new LinkedHashMap<>(); // roomId -> the pin in force at 0
        for (TraceEvent e : sorted) {
            if (sessionId != null && e.sessionId() != null && !sessionId.equals(e.sessionId())) {
                continue;
            }
            String key = str(e, "roomId") + "/" + str(e, "productId");
            String action = str(e, "action");
            String by = e.userId().value();
            switch (e.kind()) {
                case COMMERCE_PRODUCT -> {
                    if (action.equals("put")) {
                        products.put(key, str(e, "name"));
                        prices.put(key, whole(e, "priceFen"));
                    } else if (action.equals("pin")) {
                        Map<String, Object> i = item(e, origin, "commerce-pin", by, names, products.getOrDefault(key, ""));
                        i.put("productId", str(e, "productId"));
                        i.put("priceFen", prices.getOrDefault(key, 0L));
                        if (e.recordedAt().isBefore(origin)) {
                            i.put("atMs", 0L); // pinned before the recording: shown from its start
                            i.put("earlier", true);
                            pinnedAtStart.put(str(e, "roomId"), i);
                        } else {
                            items.add(i);
                        }
                    } else if (e.recordedAt().isBefore(origin) && (action.equals("unpin") || action.equals("remove")
                            && str(e, "productId").equals(pinnedAtStart.getOrDefault(str(e, "roomId"), Map.of())
                            .get("productId")))) {
                        pinnedAtStart.remove(str(e, "roomId"));
                    }
                }
                case COMMERCE_ROOM_CLOSED -> pinnedAtStart.remove(str(e, "roomId"));
                case COMMERCE_FLASH -> {
                    Map<String, Object> i = item(e, origin, action.equals("started") ? "commerce-flash-start"
                            : "commerce-flash-end", by, names, products.getOrDefault(key, ""));
                    i.put("productId", str(e, "productId"));
                    if (action.equals("started")) {
                        i.put("priceFen", whole(e, "priceFen"));
                        i.put("seconds", whole(e, "seconds"));
                    } else {
                        i.put("reason", str(e, "reason"));
                        i.put("sold", whole(e, "sold"));
                    }
                    items.add(i);
                }
                case COMMERCE_ORDER -> {
                    // Anonymous, as in the live room, where the audience never sees who bought.
                    Map<String, Object> i = item(e, origin, "commerce-order", null, names, products.getOrDefault(key, ""));
                    i.put("productId", str(e, "productId"));
                    i.put("quantity", whole(e, "quantity"));
                    i.put("unitPriceFen", whole(e, "unitPriceFen"));
                    i.put("totalFen", whole(e, "totalFen"));
                    i.put("flash", Boolean.TRUE.equals(e.data().get("flash")));
                    items.add(i);
                }
                default -> {
                    // not the live room's
                }
            }
        }
        items.addAll(pinnedAtStart.values());
        return items;
    }

    private static Map<String, Object> item(TraceEvent e, Instant origin, String kind, String by,
                                            Function<String, String> names, String product) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("atMs", Duration.between(origin, e.recordedAt()).toMillis());
        m.put("kind", kind);
        m.put("by", by);
        m.put("name", by == null ? null : names.apply(by));
        m.put("text", product);
        m.put("roomId", str(e, "roomId"));
        return m;
    }

    private static String str(TraceEvent e, String key) {
        Object v = e.data().get(key);
        return v == null ? "" : v.toString();
    }

    private static long whole(TraceEvent e, String key) {
        return e.data().get(key) instanceof Long n ? n : 0;
    }
}
