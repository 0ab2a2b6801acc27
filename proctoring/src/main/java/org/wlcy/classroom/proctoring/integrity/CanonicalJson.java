package org.wlcy.classroom.proctoring.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * The one canonical JSON form of trace events, checkpoints and bundle manifests: the bytes that are
 * hashed into the Merkle log and that a verifier must be able to recompute. {@code docs/trace-bundle.md}
 * specifies it; in short (RFC 8785 restricted to the values we use):
 * <ul>
 *   <li>UTF-8, no byte order mark, no whitespace outside strings;</li>
 *   <li>object members sorted by key, comparing keys as sequences of UTF-16 code units; no duplicate
 *       keys; every member of a trace event is present, absent values are {@code null};</li>
 *   <li>values are objects, arrays, strings, {@code true}, {@code false}, {@code null} and whole
 *       numbers (64-bit signed) written in plain decimal without sign for positives, leading zeros,
 *       fraction or exponent;</li>
 *   <li>strings escape {@code "} and {@code \} as {@code \"} and {@code \\}, U+0008, U+0009, U+000A,
 *       U+000C, U+000D as {@code \b \t \n \f \r}, other characters below U+0020 as {@code &#92;u00XX}
 *       (lower-case hex); everything else is written as itself, except an unpaired surrogate, which is
 *       written {@code &#92;uXXXX} (lower-case; RFC 8785 would refuse it);</li>
 *   <li>instants are strings {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}: UTC, always exactly six fraction
 *       digits (microseconds; finer parts are truncated), years 0000-9999.</li>
 * </ul>
 * The parsers are strict: they accept exactly the bytes the writer produces and nothing else.
 */
public final class CanonicalJson {

    private static final DateTimeFormatter INSTANT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final Pattern INSTANT_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    private static final Instant MIN_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The members of a trace event, in canonical order. */
    public static final Set<String> EVENT_KEYS = Set.copyOf(List.of("classroomId", "clientTime", "data", "eventId",
            "index", "kind", "recordedAt", "sessionId", "userId"));

    private CanonicalJson() {
    }

    // ------------------------------------------------------------------ events

    /** The canonical bytes of an event (one line of {@code events.jsonl}, without its newline). */
    public static byte[] event(TraceEvent e) {
        return write(eventTree(e));
    }

    /** The event as the generic tree {@link #write} takes (a sorted map). */
    public static Map<String, Object> eventTree(TraceEvent e) {
        TreeMap<String, Object> m = new TreeMap<>();
        m.put("classroomId", e.classroomId().value());
        m.put("clientTime", e.clientTime() == null ? null : instant(e.clientTime()));
        m.put("data", new TreeMap<>(e.data()));
        m.put("eventId", e.eventId());
        m.put("index", e.index());
        m.put("kind", e.kind().wire());
        m.put("recordedAt", instant(e.recordedAt()));
        m.put("sessionId", e.sessionId());
        m.put("userId", e.userId().value());
        return m;
    }

    /**
     * Reads one canonical event line back. Throws if the bytes are not exactly what
     * {@link #event} writes for the event they describe (which also rejects unknown kinds).
     */
    public static TraceEvent parseEvent(byte[] line) throws NonCanonicalException {
        Map<String, Object> m = eventShape(parse(line));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) m.get("data");
            return new TraceEvent((Long) m.get("index"), new ClassroomId((String) m.get("classroomId")),
                    (String) m.get("sessionId"), new UserId((String) m.get("userId")),
                    TraceKind.fromWire((String) m.get("kind")), parseInstant((String) m.get("recordedAt")),
                    (String) m.get("eventId"),
                    m.get("clientTime") == null ? null : parseInstant((String) m.get("clientTime")), data);
        } catch (IllegalArgumentException ex) {
            throw new NonCanonicalException(ex.getMessage());
        }
    }

    /**
     * Checks that a parsed JSON value has the shape of a trace event (members, types, instants)
     * without interpreting the kind, so that a verifier also accepts kinds added later.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> eventShape(Object parsed) throws NonCanonicalException {
        if (!(parsed instanceof Map<?, ?> raw)) {
            throw new NonCanonicalException("an event must be a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        if (!m.keySet().equals(EVENT_KEYS)) {
            TreeSet<String> missing = new TreeSet<>(EVENT_KEYS);
            missing.removeAll(m.keySet());
            TreeSet<String> extra = new TreeSet<>(m.keySet());
            extra.removeAll(EVENT_KEYS);
            throw new NonCanonicalException("event members wrong: missing " + missing + ", unexpected " + extra);
        }
        requireString(m, "classroomId", false, 1, 64);
        requireString(m, "eventId", false, 1, 160);
        requireString(m, "kind", false, 1, 200);
        requireString(m, "userId", false, 1, 128);
        requireString(m, "sessionId", true, 0, Integer.MAX_VALUE);
        requireInstant(m, "recordedAt", false);
        requireInstant(m, "clientTime", true);
        if (!(m.get("index") instanceof Long index) || index < 0) {
            throw new NonCanonicalException("index must be a whole number >= 0");
        }
        if (!(m.get("data") instanceof Map<?, ?> data)) {
            throw new NonCanonicalException("data must be an object");
        }
        for (Map.Entry<?, ?> d : data.entrySet()) {
            Object v = d.getValue();
            if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
                throw new NonCanonicalException("data." + d.getKey() + " must be a string, whole number or boolean");
            }
        }
        return m;
    }

    private static void requireString(Map<String, Object> m, String key, boolean nullable, int min, int max)
            throws NonCanonicalException {
        Object v = m.get(key);
        if (v == null && nullable) {
            return;
        }
        if (!(v instanceof String s) || s.length() < min || s.length() > max) {
            throw new NonCanonicalException(key + " must be a string of " + min + "-" + max + " characters"
                    + (nullable ? " or null" : ""));
        }
    }

    private static void requireInstant(Map<String, Object> m, String key, boolean nullable)
            throws NonCanonicalException {
        Object v = m.get(key);
        if (v == null && nullable) {
            return;
        }
        if (!(v instanceof String s)) {
            throw new NonCanonicalException(key + " must be an instant string" + (nullable ? " or null" : ""));
        }
        parseInstantChecked(key, s);
    }

    // ------------------------------------------------------------------ checkpoints

    /** The members of a checkpoint line, in canonical order. */
    public static final Set<String> CHECKPOINT_KEYS = Set.copyOf(List.of("classroomId", "issuedAt", "keyId",
            "rootHash", "signature", "treeSize"));

    /** The canonical bytes of a checkpoint (one line of {@code checkpoints.jsonl}, without its newline). */
    public static byte[] checkpoint(Checkpoint cp) {
        TreeMap<String, Object> m = new TreeMap<>();
        m.put("classroomId", cp.classroomId().value());
        m.put("issuedAt", instant(cp.issuedAt()));
        m.put("keyId", cp.keyId());
        m.put("rootHash", cp.rootHash());
        m.put("signature", cp.signature());
        m.put("treeSize", cp.treeSize());
        return write(m);
    }

    /** Reads one canonical checkpoint line back (the signature is not checked here). */
    public static Checkpoint parseCheckpoint(byte[] line) throws NonCanonicalException {
        if (!(parse(line) instanceof Map<?, ?> m)) {
            throw new NonCanonicalException("a checkpoint must be a JSON object");
        }
        if (!m.keySet().equals(CHECKPOINT_KEYS)) {
            throw new NonCanonicalException("checkpoint members must be exactly " + new TreeSet<>(CHECKPOINT_KEYS));
        }
        if (!(m.get("classroomId") instanceof String c) || !(m.get("issuedAt") instanceof String at)
                || !(m.get("keyId") instanceof String keyId) || !(m.get("rootHash") instanceof String root)
                || !(m.get("signature") instanceof String sig) || !(m.get("treeSize") instanceof Long size)) {
            throw new NonCanonicalException("checkpoint members have the wrong types");
        }
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw new NonCanonicalException("keyId must be 16 lower-case hex characters");
        }
        if (!root.matches("[0-9a-f]{64}")) {
            throw new NonCanonicalException("rootHash must be 64 lower-case hex characters");
        }
        if (!isBase64Of64Bytes(sig)) {
            throw new NonCanonicalException("signature must be the canonical base64 of 64 bytes");
        }
        try {
            return new Checkpoint(new ClassroomId(c), size, root, parseInstantChecked("issuedAt", at), keyId, sig);
        } catch (IllegalArgumentException e) {
            throw new NonCanonicalException(e.getMessage());
        }
    }

    /** Whether {@code s} is exactly the standard padded base64 of 64 bytes (unused bits zero). */
    static boolean isBase64Of64Bytes(String s) {
        if (!s.matches("[A-Za-z0-9+/]{86}==")) {
            return false;
        }
        return java.util.Base64.getEncoder().encodeToString(java.util.Base64.getDecoder().decode(s)).equals(s);
    }

    // ------------------------------------------------------------------ instants

    /** The canonical text of an instant: UTC, exactly microseconds (finer parts truncated). */
    public static String instant(Instant t) {
        Instant micros = t.truncatedTo(ChronoUnit.MICROS);
        if (micros.isBefore(MIN_INSTANT) || micros.isAfter(MAX_INSTANT)) {
            throw new IllegalArgumentException("instant " + t + " is outside the years 0000-9999");
        }
        return INSTANT_FORMAT.format(LocalDateTime.ofInstant(micros, ZoneOffset.UTC));
    }

    /** Reads a canonical instant; throws {@link IllegalArgumentException} for any other text. */
    public static Instant parseInstant(String s) {
        try {
            return parseInstantChecked("instant", s);
        } catch (NonCanonicalException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Instant parseInstantChecked(String what, String s) throws NonCanonicalException {
        if (!INSTANT_SHAPE.matcher(s).matches()) {
            throw new NonCanonicalException(what + " '" + s + "' is not yyyy-MM-ddTHH:mm:ss.ffffffZ");
        }
        try {
            Instant t = LocalDateTime.parse(s.substring(0, s.length() - 1)).toInstant(ZoneOffset.UTC);
            if (!instant(t).equals(s)) {
                throw new NonCanonicalException(what + " '" + s + "' is not a valid date and time");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new NonCanonicalException(what + " '" + s + "' is not a valid date and time");
        }
    }

    // ------------------------------------------------------------------ generic writer

    /**
     * The canonical bytes of a value built from {@code Map<String, ?>} (any map; members are sorted
     * here), {@code List}, {@code String}, {@code Long}/{@code Integer}, {@code Boolean} and null.
     */
    public static byte[] write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        writeValue(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Map<?, ?> map) {
            // Keys in String order: a TreeMap of natural order (as TraceEvent keeps its data) already is.
            Map<?, ?> sorted = map instanceof TreeMap<?, ?> t && t.comparator() == null ? map : sortedCopy(map);
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(sb, (String) e.getKey());
                sb.append(':');
                writeValue(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeValue(sb, list.get(i));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("no canonical JSON for " + v.getClass().getName());
        }
    }

    private static TreeMap<String, Object> sortedCopy(Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, x) -> sorted.put((String) k, x));
        return sorted;
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        if (plain(s)) {
            sb.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        appendEscape(sb, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            appendEscape(sb, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        appendEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** No character of {@code s} is escaped: no quote, backslash, control or surrogate. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void appendEscape(StringBuilder sb, char c) {
        sb.append("\\u");
        String hex = Integer.toHexString(c);
        sb.append("0".repeat(4 - hex.length())).append(hex);
    }

    // ------------------------------------------------------------------ strict parser

    /**
     * Parses canonical JSON: the bytes must be valid UTF-8, valid JSON of the supported values, and
     * byte-for-byte what {@link #write} produces for the parsed value. Objects come back as
     * insertion-ordered maps (which, being canonical, are sorted), numbers as {@code Long}.
     */
    public static Object parse(byte[] bytes) throws NonCanonicalException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NonCanonicalException("not valid UTF-8");
        }
        Parser p = new Parser(text);
        Object value = p.value(0);
        if (p.pos != text.length()) {
            throw new NonCanonicalException("unexpected content at character " + (p.pos + 1));
        }
        byte[] again = write(value);
        if (!Arrays.equals(again, bytes)) {
            throw new NonCanonicalException("valid JSON but not canonical (first difference at byte "
                    + (firstDifference(again, bytes) + 1) + ")");
        }
        return value;
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 16;
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        private NonCanonicalException error(String what) {
            return new NonCanonicalException(what + " at character " + (pos + 1));
        }

        private char peek() throws NonCanonicalException {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        private void expect(char c) throws NonCanonicalException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        Object value(int depth) throws NonCanonicalException {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            char c = peek();
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private void literal(String word) throws NonCanonicalException {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
        }

        private Map<String, Object> object(int depth) throws NonCanonicalException {
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                if (m.containsKey(key)) {
                    throw error("duplicate member '" + key + "'");
                }
                expect(':');
                m.put(key, value(depth + 1));
                char c = peek();
                pos++;
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) throws NonCanonicalException {
            expect('[');
            List<Object> list = new ArrayList<>();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value(depth + 1));
                char c = peek();
                pos++;
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private Long number() throws NonCanonicalException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only whole numbers are allowed");
            }
            String digits = s.substring(start, pos);
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad or too large whole number '" + digits + "'");
            }
        }

        private String string() throws NonCanonicalException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("unescaped control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        String hex = s.substring(pos, pos + 4);
                        if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                            throw error("bad \\u escape");
                        }
                        out.append((char) Integer.parseInt(hex, 16));
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("bad escape '\\" + e + "'");
                    }
                }
            }
        }
    }
}
