package org.wlcy.classroom.playback.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * A replay's {@code timeline.json}: what happened in the lesson while it was recorded, placed on
 * the replay's media time ({@code atMs} = server time - the recording's {@code originAt}), for the
 * watch page to show beside the video (chat, danmaku, questions, exercises, speaking turns,
 * breakouts, and the practice live room's pins, flash sales and orders: {@link CommerceTimeline}).
 * Built from the class's learning trace; format in {@code docs/playback.md}.
 *
 * <p>Each item: {@code atMs}, {@code kind}, {@code by} (the user id), {@code name} (the display name
 * at the time, or the user id), {@code text}, and kind-specific fields. Kept out: private chat to the lecturers ({@code to=lecturers}), events of other lessons, and
 * events before the recording started or after it ended. Sorted by {@code atMs} (stable).
 */
public final class Timeline {
    public static final String FILE = "timeline.json";
    /** How far before the recording the trace is read for context (issue I: products put before it started). */
    public static final Duration CONTEXT_BEFORE = Duration.ofHours(6);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Timeline() {
    }

    /**
     * @param events         the class's trace around the recording (any order)
     * @param sessionId      the recorded lesson; events of other lessons are dropped (null: keep all)
     * @param origin         media time 0
     * @param durationMillis the replay's length; later events are dropped
     */
    public static List<Map<String, Object>> build(List<TraceEvent> events, String sessionId, Instant origin,
                                                  long durationMillis) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> prompts = new HashMap<>();
        for (TraceEvent e : events) {
            Object name = e.data().get("name");
            if (name instanceof String n && !n.isBlank() && (e.kind() == TraceKind.JOINED
                    || e.kind() == TraceKind.CHAT_MESSAGE || e.kind() == TraceKind.DANMAKU)) {
                names.put(e.userId().value(), n);
            }
            if (e.kind() == TraceKind.EXERCISE_STARTED) {
                prompts.put(str(e, "exerciseId"), str(e, "prompt"));
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Map<String, Object>> breakouts = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (sessionId != null && e.sessionId() != null && !sessionId.equals(e.sessionId())) {
                continue;
            }
            String by = e.userId().value();
            String name = names.getOrDefault(by, by);
            Map<String, Object> item;
            switch (e.kind()) {
                case CHAT_MESSAGE -> {
                    if (!"class".equals(e.data().getOrDefault("to", "class"))) {
                        continue; // private to the lecturers: never in a replay
                    }
                    item = item(at(e.recordedAt(), origin), "chat", by, name, str(e, "text"));
                    item.put("messageId", str(e, "messageId"));
                }
                case DANMAKU -> {
                    item = item(at(e.recordedAt(), origin), "danmaku", by, name, str(e, "text"));
                    item.put("color", e.data().getOrDefault("color", ""));
                }
                case QUESTION -> {
                    item = item(at(e.recordedAt(), origin), "question", by, name, str(e, "text"));
                    item.put("questionId", str(e, "questionId"));
                }
                case EXERCISE_STARTED -> {
                    item = item(at(e.recordedAt(), origin), "exercise-start", by, name, str(e, "prompt"));
                    item.put("exerciseId", str(e, "exerciseId"));
                    item.put("exerciseKind", str(e, "kind"));
                    List<String> options = new ArrayList<>();
                    long count = e.data().get("optionCount") instanceof Long n ? n : 0;
                    for (int i = 0; i < count; i++) {
                        options.add(str(e, "option" + i));
                    }
                    item.put("options", options);
                    item.put("seconds", e.data().getOrDefault("seconds", 0L));
                }
                case EXERCISE_CLOSED -> {
                    String id = str(e, "exerciseId");
                    item = item(at(e.recordedAt(), origin), "exercise-close", by, name, prompts.getOrDefault(id, ""));
                    item.put("exerciseId", id);
                    item.put("reason", str(e, "reason"));
                    item.put("answered", e.data().getOrDefault("answered", 0L));
                    item.put("expected", e.data().getOrDefault("expected", 0L));
                }
                case SPEAK_TURN -> {
                    Instant started = instant(e, "startedAt", e.recordedAt());
                    item = item(at(started, origin), "speak", by, name, name);
                    item.put("turnId", str(e, "turnId"));
                    item.put("seconds", e.data().getOrDefault("seconds", 0L));
                }
                case BREAKOUT_JOINED -> {
                    // one item per breakout: when its first member joined, with every group's name
                    String breakoutId = str(e, "breakoutId");
                    long atMs = at(instant(e, "joinedAt", e.recordedAt()), origin);
                    Map<String, Object> b = breakouts.computeIfAbsent(breakoutId, k -> {
                        Map<String, Object> n = item(atMs, "breakout", "", "", "");
                        n.put("breakoutId", k);
                        n.put("groups", new LinkedHashSet<String>());
                        return n;
                    });
                    b.put("atMs", Math.min((Long) b.get("atMs"), atMs));
                    @SuppressWarnings("unchecked")
                    Set<String> groups = (Set<String>) b.get("groups");
                    groups.add(str(e, "groupName"));
                    continue;
                }
                default -> {
                    continue;
                }
            }
            items.add(item);
        }
        // issue I (i-record): the practice live room's pins, flash sales and orders
        items.addAll(CommerceTimeline.items(events, sessionId, origin, by -> names.getOrDefault(by, by)));
        for (Map<String, Object> b : breakouts.values()) {
            @SuppressWarnings("unchecked")
            Set<String> groups = (Set<String>) b.get("groups");
            b.put("groups", List.copyOf(groups));
            b.put("text", String.join("、", groups));
            items.add(b);
        }
        items.removeIf(i -> (Long) i.get("atMs") < 0 || (Long) i.get("atMs") > durationMillis);
        items.sort(Comparator.comparingLong(i -> (Long) i.get("atMs")));
        return items;
    }

    /** Writes the items as {@code {"version":1,"items":[...]}}, atomically. */
    public static void write(Path file, List<Map<String, Object>> items) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("items", items);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(doc));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> item(long atMs, String kind, String by, String name, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("atMs", atMs);
        m.put("kind", kind);
        m.put("by", by);
        m.put("name", name);
        m.put("text", text);
        return m;
    }

    private static long at(Instant when, Instant origin) {
        return Duration.between(origin, when).toMillis();
    }

    private static String str(TraceEvent e, String key) {
        Object v = e.data().get(key);
        return v == null ? "" : v.toString();
    }

    private static Instant instant(TraceEvent e, String key, Instant fallback) {
        Object v = e.data().get(key);
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException ignored) {
                // fall back to when it was recorded
            }
        }
        return fallback;
    }
}
