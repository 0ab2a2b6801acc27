package org.wlcy.classroom.protocol;

import java.util.EnumMap;
import java.util.Map;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The {@code data} a page may send with each kind of trace event ({@code docs/protocol.md},
 * "Learning trace"): the fields the server reads have a type and a range; other fields are kept
 * as data if they are short strings, whole numbers within {@link WireValues#MAX_SAFE_INTEGER} or
 * booleans. Checked when a {@code trace.append} is decoded, so nothing out of range is ever
 * appended to (and signed into) a trace.
 */
final class ClientTraceData {
    /** Most fields in one event's data. */
    static final int MAX_FIELDS = 16;
    static final int MAX_KEY = 32;
    static final int MAX_STRING = 256;
    /** A page may be hidden or blurred for at most a week (a laptop closed over a weekend) in one span. */
    static final long MAX_AWAY_MS = 7L * 24 * 3600 * 1000;
    static final long MAX_LEVEL = 100;

    private enum Type { BOOLEAN, WHOLE }

    private record Rule(Type type, long min, long max) {
        static Rule bool() {
            return new Rule(Type.BOOLEAN, 0, 0);
        }

        static Rule whole(long min, long max) {
            return new Rule(Type.WHOLE, min, max);
        }
    }

    private static final Map<TraceKind, Map<String, Rule>> RULES = new EnumMap<>(TraceKind.class);

    static {
        RULES.put(TraceKind.HEARTBEAT, Map.of("visible", Rule.bool()));
        RULES.put(TraceKind.VISIBILITY_HIDDEN, Map.of("atLoad", Rule.bool()));
        RULES.put(TraceKind.VISIBILITY_VISIBLE, Map.of("hiddenMs", Rule.whole(0, MAX_AWAY_MS), "atLoad", Rule.bool()));
        RULES.put(TraceKind.WINDOW_BLUR, Map.of());
        RULES.put(TraceKind.WINDOW_FOCUS, Map.of("blurredMs", Rule.whole(0, MAX_AWAY_MS), "atLoad", Rule.bool()));
        RULES.put(TraceKind.FULLSCREEN_EXIT, Map.of());
        RULES.put(TraceKind.AUDIO_STATE, Map.of("muted", Rule.bool(), "level", Rule.whole(0, MAX_LEVEL),
                "measured", Rule.bool()));
    }

    private ClientTraceData() {
    }

    /** Throws {@link IllegalArgumentException} naming the first field of {@code data} that {@code kind} does not take. */
    static void check(TraceKind kind, Map<String, Object> data) {
        if (data.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("events[].data has more than " + MAX_FIELDS + " fields");
        }
        Map<String, Rule> rules = RULES.getOrDefault(kind, Map.of());
        data.forEach((k, v) -> {
            String name = "events[].data." + k;
            if (k.length() > MAX_KEY) {
                throw new IllegalArgumentException("events[].data has a field name longer than " + MAX_KEY
                        + " characters");
            }
            Fields.wellFormed(k, "events[].data's field name");
            Rule rule = rules.get(k);
            if (rule == null) {
                generic(name, v);
            } else if (rule.type() == Type.BOOLEAN) {
                if (!(v instanceof Boolean)) {
                    throw new IllegalArgumentException(name + " must be true or false");
                }
            } else {
                Long n = whole(v);
                if (n == null || n < rule.min() || n > rule.max()) {
                    throw new IllegalArgumentException(name + " must be a whole number from " + rule.min() + " to "
                            + rule.max());
                }
            }
        });
    }

    private static void generic(String name, Object v) {
        if (v instanceof Boolean) {
            return;
        }
        if (v instanceof String s) {
            if (s.length() > MAX_STRING) {
                throw new IllegalArgumentException(name + " is longer than " + MAX_STRING + " characters");
            }
            Fields.wellFormed(s, name);
            return;
        }
        Long n = whole(v);
        if (n == null || n < -WireValues.MAX_SAFE_INTEGER || n > WireValues.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException(name + " must be a short string, a whole number (at most "
                    + WireValues.MAX_SAFE_INTEGER + " either way) or a boolean");
        }
    }

    private static Long whole(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Long l) {
            return l;
        }
        return null;
    }
}
