package org.wlcy.classroom.proctoring.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * For tests that write into a (closed) {@link FileTraceStore}'s folder what an older version, a
 * bug or a damaged disk could have left there, past every check of the current code.
 */
public final class StoreFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreFiles() {
    }

    /** The class's events file in the store folder {@code storeDir}. */
    public static Path eventsFile(Path storeDir, ClassroomId c) {
        return storeDir.resolve("classes").resolve(c.value()).resolve(ClassLog.EVENTS);
    }

    /** Appends one intact frame holding {@code payload} to the class's events file (created if needed). */
    public static void appendRecord(Path storeDir, ClassroomId c, byte[] payload) {
        GrowableBuffer frame = new GrowableBuffer();
        RecordFile.frame(frame, payload);
        try {
            Path file = eventsFile(storeDir, c);
            Files.createDirectories(file.getParent());
            Files.write(file, Arrays.copyOf(frame.asByteBuffer().array(), frame.size()), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record an event is stored as (what an older version without the checks wrote for it). */
    public static byte[] recordOf(TraceEvent e) {
        return TraceRecordCodec.encodeEvent(e);
    }

    /** Flips one bit in the payload of the frame that starts at byte {@code offset} of the class's events file. */
    public static void flipPayloadBit(Path storeDir, ClassroomId c, long offset) {
        try (var f = new java.io.RandomAccessFile(eventsFile(storeDir, c).toFile(), "rw")) {
            f.seek(offset + RecordFile.HEADER + 5);
            int b = f.read();
            f.seek(offset + RecordFile.HEADER + 5);
            f.write(b ^ 0x01);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records with a hostile value in every field, one record each, for positions {@code first},
     * {@code first + 1}, ...: named by what is wrong. {@code earlierEventId} is an eventId already
     * stored in the class (for the duplicate).
     */
    public static List<Map.Entry<String, byte[]>> hostileRecords(ClassroomId c, long first, UserId user, Instant at,
                                                                  String earlierEventId) {
        List<Map.Entry<String, Consumer<ObjectNode>>> changes = List.of(
                Map.entry("clientTime in year 10000", n -> n.put("clientTime", "+10000-01-01T00:00:00Z")),
                Map.entry("recordedAt in year -5000", n -> n.put("recordedAt", "-5000-01-01T00:00:00Z")),
                Map.entry("clientTime at Instant.MAX", n -> n.put("clientTime", Instant.MAX.toString())),
                Map.entry("eventId with U+0000", n -> n.put("eventId", user.value() + "/\u0000")),
                Map.entry("userId with an unpaired surrogate", n -> n.put("userId", "u\ud800")),
                Map.entry("sessionId with U+0000", n -> n.put("sessionId", "lesson\u0000")),
                Map.entry("eventId of 161 characters", n -> n.put("eventId", "e".repeat(161))),
                Map.entry("userId of 129 characters", n -> n.put("userId", "u".repeat(129))),
                Map.entry("unknown kind", n -> n.put("kind", "no.such.kind")),
                Map.entry("kind not a string", n -> n.put("kind", 7)),
                Map.entry("data with a fraction", n -> n.putObject("data").put("x", 1.5)),
                Map.entry("data with an object", n -> n.putObject("data").putObject("x").put("y", 1)),
                Map.entry("data with a number past 64 bits", n -> n.putObject("data").put("x",
                        new java.math.BigInteger("123456789012345678901234567890"))),
                Map.entry("data not an object", n -> n.put("data", "text")),
                Map.entry("recordedAt a number", n -> n.put("recordedAt", 12)),
                Map.entry("recordedAt missing", n -> n.remove("recordedAt")),
                Map.entry("another class", n -> n.put("classroomId", "not-" + c.value())),
                Map.entry("classroomId invalid", n -> n.put("classroomId", "../..")),
                Map.entry("wrong index", n -> n.put("index", 999_999)),
                Map.entry("duplicate eventId", n -> n.put("eventId", earlierEventId)));
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        long index = first;
        for (Map.Entry<String, Consumer<ObjectNode>> change : changes) {
            ObjectNode n = base(c, index, user, at);
            change.getValue().accept(n);
            try {
                out.add(Map.entry(change.getKey(), JSON.writeValueAsBytes(n))); // escapes an unpaired surrogate
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            index++;
        }
        out.add(Map.entry("not JSON", "\u0000not json at all {".getBytes(StandardCharsets.UTF_8)));
        out.add(Map.entry("invalid UTF-8", new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}));
        out.add(Map.entry("empty object", "{}".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static ObjectNode base(ClassroomId c, long index, UserId user, Instant at) {
        TraceEvent e = new TraceEvent(index, c, "lesson-1", user, TraceKind.HEARTBEAT, at, user.value() + "/old-" + index,
                null, Map.of("visible", true));
        try {
            return (ObjectNode) JSON.readTree(recordOf(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
