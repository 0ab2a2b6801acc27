package org.wlcy.classroom.proctoring.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.CanonicalJson;
import org.wlcy.classroom.proctoring.integrity.MerkleTree;
import org.wlcy.classroom.proctoring.integrity.NonCanonicalException;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * What a trace store may hold, checked on both sides of the disk (docs/trace-bundle.md §3.1):
 * <ul>
 *   <li><b>before writing</b> ({@link #refusal}): an event is stored only if both stores keep it
 *       exactly (no U+0000 or unpaired surrogate in {@code eventId}, {@code userId},
 *       {@code sessionId}: PostgreSQL's {@code text} cannot hold them) and it has a canonical line
 *       that the offline verifier accepts (times in the years 0000-9999, the field lengths of §3, at
 *       most 1 MiB). Anything else is refused whole, before anything is durable;</li>
 *   <li><b>when reading back</b> ({@link #placeholder}): a stored record that is not such an event
 *       (unreadable, damaged, or written by an older version without these checks) is <em>set
 *       aside</em>: the stored bytes stay as they are, and the log's position holds a
 *       {@code trace.set-aside} placeholder event that names the reason and the SHA-256 of the
 *       stored bytes. The placeholder is a function of those bytes and the position only, so every
 *       restart hashes the same leaf and the signed log stays verifiable.</li>
 * </ul>
 */
public final class StorableEvent {
    /** {@code reason} of a record that is not a valid event of its class at its position. */
    public static final String UNREADABLE = "unreadable";
    /** {@code reason} of a readable event with a value that has no canonical form. */
    public static final String NOT_CANONICAL = "not-canonical";
    /** A placeholder's {@code recordedAt} when the record's own is unknown or not canonical. */
    public static final Instant UNKNOWN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    /** A placeholder's {@code userId} when the record's own is unknown or not storable. */
    public static final UserId UNKNOWN_USER = new UserId("-");
    /** Longest canonical line (the offline verifier's limit). */
    static final int MAX_LINE = 1 << 20;
    private static final int MAX_PLACEHOLDER_SESSION_ID = 128;

    private StorableEvent() {
    }

    /** Why an event cannot be stored: the field and what is wrong with it. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + " " + message;
        }
    }

    /**
     * A failed future if any of {@code events} may not be stored (the first such, as an
     * {@link EventRefusedException}), else null. Times are judged as the stores keep them (cut to
     * microseconds).
     */
    static CompletionStage<List<TraceEvent>> refusal(List<TraceEvent> events) {
        for (TraceEvent e : events) {
            if (e == null) {
                return CompletableFuture.failedFuture(new NullPointerException("event"));
            }
            Optional<Problem> p = problem(TraceRecordCodec.normalize(e, Math.max(0, e.index())));
            if (p.isEmpty() && e.kind() == TraceKind.RECORD_SET_ASIDE) {
                p = Optional.of(new Problem("kind", "trace.set-aside is written by the store only"));
            }
            if (p.isPresent()) {
                return CompletableFuture.failedFuture(new EventRefusedException(e.eventId(), p.get().field(),
                        p.get().message()));
            }
        }
        return null;
    }

    /** Why the stored form of {@code e} is not storable (see the class comment), or empty. */
    public static Optional<Problem> problem(TraceEvent e) {
        return Optional.ofNullable(checked(e).problem());
    }

    /**
     * An event's canonical line as the Merkle log hashes it, and why the event is not storable
     * (null if it is); {@link #canonicalLine} and {@link #problem} in one encoding (issue J: the
     * live path encoded and parsed each event three times).
     */
    public record Canonical(byte[] line, Problem problem) {
    }

    /** {@link #canonicalLine} and {@link #problem} of {@code e}, encoding it once. */
    public static Canonical canonical(TraceEvent e) {
        Canonical c = checked(e);
        if (c.problem() == null) {
            return c;
        }
        return new Canonical(CanonicalJson.event(placeholder(e.classroomId(), e.index(), TraceRecordCodec.encodeEvent(e),
                e, NOT_CANONICAL)), c.problem());
    }

    /** The problem of {@code e}, and its own canonical line when it has one (else null). */
    private static Canonical checked(TraceEvent e) {
        Optional<Problem> p = time("recordedAt", e.recordedAt());
        if (p.isEmpty() && e.clientTime() != null) {
            p = time("clientTime", e.clientTime());
        }
        if (p.isEmpty()) {
            p = text("eventId", e.eventId()).or(() -> text("userId", e.userId().value()))
                    .or(() -> e.sessionId() == null ? Optional.empty() : text("sessionId", e.sessionId()));
        }
        if (p.isPresent()) {
            return new Canonical(null, p.get());
        }
        byte[] line;
        try {
            line = CanonicalJson.event(e);
        } catch (IllegalArgumentException ex) {
            return new Canonical(null, new Problem("event", "has no canonical form: " + ex.getMessage()));
        }
        if (line.length > MAX_LINE) {
            return new Canonical(null, new Problem("data", "makes the event's canonical line longer than 1 MiB"));
        }
        try {
            CanonicalJson.eventShape(CanonicalJson.parse(line));
        } catch (NonCanonicalException ex) {
            return new Canonical(null, new Problem("event", "is not a valid canonical event: " + ex.getMessage()));
        }
        return new Canonical(line, null);
    }

    private static Optional<Problem> time(String field, Instant t) {
        try {
            CanonicalJson.instant(t);
            return Optional.empty();
        } catch (IllegalArgumentException ex) {
            return Optional.of(new Problem(field, t + " is outside the years 0000-9999"));
        }
    }

    private static Optional<Problem> text(String field, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return Optional.of(new Problem(field, "holds U+0000"));
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(new Problem(field, "holds an unpaired surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    /**
     * The placeholder that stands at {@code index} for a set-aside record (docs/trace-bundle.md §3.1):
     * kind {@code trace.set-aside}, eventId {@code set-aside/<index>}, no clientTime, data
     * {@code reason}, {@code rawSha256} and {@code rawBytes} of {@code raw}. For
     * {@link #NOT_CANONICAL} the record's own {@code userId}, {@code sessionId} (up to 128
     * characters) and {@code recordedAt} are kept where each is storable by itself; otherwise they
     * are {@link #UNKNOWN_USER}, null and {@link #UNKNOWN_TIME}.
     *
     * @param decoded the record as read, for {@link #NOT_CANONICAL}; ignored for {@link #UNREADABLE}
     */
    public static TraceEvent placeholder(ClassroomId classroom, long index, byte[] raw, TraceEvent decoded,
                                         String reason) {
        UserId user = UNKNOWN_USER;
        String session = null;
        Instant at = UNKNOWN_TIME;
        if (NOT_CANONICAL.equals(reason) && decoded != null) {
            if (text("userId", decoded.userId().value()).isEmpty()) {
                user = decoded.userId();
            }
            String s = decoded.sessionId();
            if (s != null && s.length() <= MAX_PLACEHOLDER_SESSION_ID && text("sessionId", s).isEmpty()) {
                session = s;
            }
            Instant t = decoded.recordedAt().truncatedTo(ChronoUnit.MICROS);
            if (time("recordedAt", t).isEmpty()) {
                at = t;
            }
        } else if (!UNREADABLE.equals(reason)) {
            throw new IllegalArgumentException("unknown set-aside reason " + reason);
        }
        Map<String, Object> data = new TreeMap<>();
        data.put("reason", reason);
        data.put("rawSha256", sha256(raw));
        data.put("rawBytes", (long) raw.length);
        return new TraceEvent(index, classroom, session, user, TraceKind.RECORD_SET_ASIDE, at, "set-aside/" + index,
                null, data);
    }

    /**
     * The canonical line of a stored event as the Merkle log hashes it: the event's own, or, if it
     * is not storable (a store that did not check it), its placeholder with the file store's record
     * bytes as the raw bytes. Both stores only return storable events, so for them this is
     * {@link CanonicalJson#event}.
     */
    public static byte[] canonicalLine(TraceEvent e) {
        return canonical(e).line();
    }

    static String sha256(byte[] raw) {
        return MerkleTree.hex(MerkleTree.sha256(raw));
    }
}
