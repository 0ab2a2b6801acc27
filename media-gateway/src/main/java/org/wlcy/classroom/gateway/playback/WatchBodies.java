package org.wlcy.classroom.gateway.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.playback.watch.Heartbeat;
import org.wlcy.classroom.playback.watch.HeartbeatEvent;
import org.wlcy.classroom.playback.watch.VideoQuestion;
import org.wlcy.classroom.protocol.WireValues;

/**
 * The watch page's request bodies ({@code docs/protocol.md}, "Watching videos"), read and checked
 * on the event loop before any work: every body passes {@link WireValues#check} (well-formed text,
 * numbers that fit), then each field its type and range. Refusals are {@link ClassroomException}s,
 * 100 (not a JSON object) or 103 naming the field.
 */
final class WatchBodies {
    /** Danmaku: one line of at most 40 characters, like live danmaku. */
    static final int MAX_DANMAKU = 40;
    static final int MAX_COMMENT = 500;
    /** Media times (positions, {@code atS}) are at most a day. */
    static final double MAX_MEDIA_SECONDS = 24 * 3600;
    static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

    /** A new in-video question. */
    record NewQuestion(double atS, String prompt, List<String> options, List<Integer> correct, int limitSeconds) {
    }

    /** A new danmaku on a video; {@code atMs} media time. */
    record NewDanmaku(long atMs, String text, String color) {
    }

    /** A new comment, or a reply to {@code replyTo}. */
    record NewComment(String text, String replyTo) {
    }

    private WatchBodies() {
    }

    /** A body: a JSON object of well-formed values. */
    static JsonNode parse(ObjectMapper mapper, String text) {
        JsonNode b;
        try {
            b = mapper.readTree(text);
        } catch (IOException e) {
            throw new ClassroomException(ErrorCode.MALFORMED, "body must be JSON");
        }
        if (b == null || !b.isObject()) {
            throw new ClassroomException(ErrorCode.MALFORMED, "body must be a JSON object");
        }
        WireValues.check(b);
        return b;
    }

    /** {@code POST /api/videos/{id}/questions}. */
    static NewQuestion question(JsonNode b) {
        double atS = number(b, "atS", 0, MAX_MEDIA_SECONDS);
        String prompt = text(b, "prompt", VideoQuestion.MAX_PROMPT, true);
        List<String> options = texts(b, "options", VideoQuestion.MAX_OPTION);
        List<Integer> correct = integers(b, "correct");
        int limit = (int) wholeNumber(b, "limitSeconds", 5, 600);
        return new NewQuestion(atS, prompt, options, correct, limit);
    }

    /** {@code POST /api/videos/{id}/questions/{qid}/answer}. */
    static List<Integer> choices(JsonNode b) {
        return integers(b, "choices");
    }

    /** {@code POST /api/videos/{id}/danmaku}. */
    static NewDanmaku danmaku(JsonNode b) {
        long atMs = Math.round(number(b, "atS", 0, MAX_MEDIA_SECONDS) * 1000);
        String text = text(b, "text", MAX_DANMAKU, false);
        String color = b.hasNonNull("color") ? string(b, "color").toLowerCase(Locale.ROOT) : "#ffffff";
        if (!COLOR.matcher(color).matches()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "color must look like #ff8800");
        }
        return new NewDanmaku(atMs, text, color);
    }

    /** {@code POST /api/videos/{id}/comments}. */
    static NewComment comment(JsonNode b) {
        String text = text(b, "text", MAX_COMMENT, true);
        String replyTo = b.hasNonNull("replyTo") ? string(b, "replyTo") : null;
        if (replyTo != null && !ITEM_ID.matcher(replyTo).matches()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "replyTo must be a comment id");
        }
        return new NewComment(text, replyTo);
    }

    /** A heartbeat ({@code POST /api/videos/{id}/watch}). */
    static Heartbeat heartbeat(JsonNode b) {
        long seq = wholeNumber(b, "seq", 0, WireValues.MAX_SAFE_INTEGER);
        double position = number(b, "position", 0, MAX_MEDIA_SECONDS);
        Double from = b.hasNonNull("from") ? number(b, "from", 0, MAX_MEDIA_SECONDS) : null;
        double rate = number(b, "rate", 0.0625, 16);
        boolean playing = bool(b, "playing");
        boolean visible = bool(b, "visible");
        HeartbeatEvent event;
        try {
            event = HeartbeatEvent.fromWire(b.hasNonNull("event") ? string(b, "event") : "tick");
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
        return new Heartbeat(seq, position, from, rate, playing, visible, event);
    }

    private static double number(JsonNode b, String name, double min, double max) {
        JsonNode n = b.get(name);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < min || n.asDouble() > max) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a number from " + fmt(min)
                    + " to " + fmt(max));
        }
        return n.asDouble();
    }

    /** A JSON integer (not a fraction, not a string) in {@code min..max}. */
    private static long wholeNumber(JsonNode b, String name, long min, long max) {
        JsonNode n = b.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a whole number from " + min
                    + " to " + max);
        }
        return n.asLong();
    }

    private static String string(JsonNode b, String name) {
        JsonNode n = b.get(name);
        if (n == null || !n.isTextual()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a string");
        }
        return n.textValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static boolean bool(JsonNode b, String name) {
        JsonNode n = b.get(name);
        if (n == null || !n.isBoolean()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be true or false");
        }
        return n.asBoolean();
    }

    private static String text(JsonNode b, String name, int maxChars, boolean multiLine) {
        JsonNode n = b.get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " is required");
        }
        String s = n.asText();
        if (s.codePointCount(0, s.length()) > maxChars) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " is longer than " + maxChars + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\t' || c == '\r'))) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " contains a control character");
            }
        }
        return s;
    }

    private static List<String> texts(JsonNode b, String name, int maxChars) {
        JsonNode n = b.get(name);
        if (n == null || !n.isArray()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a list of texts");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a list of texts");
            }
            if (x.asText().isBlank() || x.asText().codePointCount(0, x.asText().length()) > maxChars) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, name + "[] must be 1-" + maxChars
                        + " characters");
            }
            out.add(x.asText());
        }
        return out;
    }

    private static List<Integer> integers(JsonNode b, String name) {
        JsonNode n = b.get(name);
        if (n == null || !n.isArray() || n.size() > 16) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a list of option indexes");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isInt() || x.asInt() < 0 || x.asInt() > 15) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, name + " must be a list of option indexes");
            }
            out.add(x.asInt());
        }
        return out;
    }
}
