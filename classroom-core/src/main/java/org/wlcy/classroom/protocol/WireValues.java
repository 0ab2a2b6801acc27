package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * What the server takes as a value from a client, wherever it comes from (a WebSocket message or a
 * REST body): text is well-formed UTF-16 (no lone surrogate), numbers are finite and fit a long,
 * client timestamps and dates lie in {@link #EARLIEST_INSTANT}..{@link #LATEST_INSTANT}. The edge
 * runs {@link #check(JsonNode)} on every parsed body before any field is read, so nothing else has
 * to wonder about {@code "\ud800"} or {@code 1e400}; each refusal is {@link ErrorCode#INVALID_FIELD}
 * naming the field by its path ({@code events[1].data.level}).
 */
public final class WireValues {
    /** The largest whole number a JavaScript page can hold exactly (2^53 - 1). */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    /** Earliest client timestamp taken (inclusive): a page's clock may be wrong, but not by decades. */
    public static final Instant EARLIEST_INSTANT = Instant.parse("2000-01-01T00:00:00Z");
    /** Latest client timestamp taken (inclusive); later ones (up to year 9999 and beyond) are refused. */
    public static final Instant LATEST_INSTANT = Instant.parse("2099-12-31T23:59:59.999999999Z");
    /** Earliest date taken ({@code forDate}); finer windows are the handler's (e.g. around today). */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    /** Latest date taken. */
    public static final LocalDate LATEST_DATE = LocalDate.of(2099, 12, 31);

    private WireValues() {
    }

    /** The index of the first lone (unpaired) surrogate in {@code s}, or -1 when it is well-formed UTF-16. */
    public static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code s} is well-formed UTF-16 (every surrogate is half of a pair). */
    public static boolean wellFormed(String s) {
        return loneSurrogate(s) < 0;
    }

    /** True when a client timestamp lies in the window this server takes. */
    public static boolean inWindow(Instant t) {
        return !t.isBefore(EARLIEST_INSTANT) && !t.isAfter(LATEST_INSTANT);
    }

    /** True when a client date lies in the window this server takes. */
    public static boolean inWindow(LocalDate d) {
        return !d.isBefore(EARLIEST_DATE) && !d.isAfter(LATEST_DATE);
    }

    /**
     * Checks a whole parsed body: every string value and every property name well-formed, every
     * number finite and within the range of a long. Throws {@link ClassroomException} with
     * {@link ErrorCode#INVALID_FIELD} naming the first bad field.
     */
    public static void check(JsonNode tree) {
        walk(tree, "");
    }

    private static void walk(JsonNode n, String path) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!wellFormed(e.getKey())) {
                    throw refused("a property name" + (path.isEmpty() ? "" : " in '" + path + "'")
                            + " is not valid Unicode text (a lone surrogate)");
                }
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]");
            }
        } else if (n.isTextual()) {
            int at = loneSurrogate(n.textValue());
            if (at >= 0) {
                throw refused("field '" + path + "' is not valid Unicode text (a lone surrogate at character "
                        + at + ")");
            }
        } else if (n.isNumber()) {
            if (n.isIntegralNumber() && !n.canConvertToLong()) {
                throw refused("field '" + path + "' is out of range");
            }
            if (n.isFloatingPointNumber() && !Double.isFinite(n.asDouble())) {
                throw refused("field '" + path + "' is out of range (not a finite number)");
            }
        }
    }

    private static ClassroomException refused(String message) {
        return new ClassroomException(ErrorCode.INVALID_FIELD, message);
    }
}
