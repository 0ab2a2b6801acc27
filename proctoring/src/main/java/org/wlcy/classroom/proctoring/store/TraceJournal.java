package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;

/**
 * The {@link FileTraceStore}'s write-ahead journal (docs/adr/0026): every group the writer commits
 * is also appended here, as the bytes it adds to each class's {@code events.log} and where, and
 * this one file is forced instead of every class file touched (one {@code fsync} per group,
 * however many classes it spans; issue J). The class files are forced in the background when a
 * segment is retired ({@link #rotate}), and only then is the segment deleted; so at any moment
 * the segments on disk hold every acknowledged byte that a class file may not yet hold durably.
 *
 * <p>Opening the store {@link #recover replays} what is left: each class file is cut back to
 * where the journal's oldest bytes for it start and rewritten from the journal, which also drops
 * whatever a crash left after them (bytes never acknowledged). Segments are
 * {@code journal/<sequence>.wal}, framed like every store file ({@link RecordFile}, so a torn
 * tail is recognised and cut); a frame's payload is
 * {@code class id length (4) | class id (UTF-8) | offset in events.log (8) | bytes}.
 */
final class TraceJournal {
    private static final Logger LOG = LoggerFactory.getLogger(TraceJournal.class);
    static final String FOLDER = "journal";
    private static final String SUFFIX = ".wal";
    /** Class-file bytes per journal frame: a frame's payload stays under {@link RecordFile#MAX_PAYLOAD}. */
    private static final int CHUNK = RecordFile.MAX_PAYLOAD - 1024;

    private final Path dir;
    private final GrowableBuffer frames = new GrowableBuffer();
    private RecordFile current;
    private long sequence;
    private long openedAtNanos;

    private TraceJournal(Path dir, long sequence) {
        this.dir = dir;
        this.sequence = sequence;
    }

    /**
     * Replays every segment left in {@code storeDir}'s journal into the class files (see the class
     * comment), deletes the segments, and opens a new one.
     *
     * @param eventsFile the {@code events.log} of a class (its folder may not exist yet)
     * @throws TraceStoreCorruptedException if a class file is shorter than the journal says was
     *                                      durable, or the journal's bytes of a class are not contiguous
     */
    static TraceJournal recover(Path storeDir, Function<ClassroomId, Path> eventsFile) throws IOException {
        Path dir = storeDir.resolve(FOLDER);
        Files.createDirectories(dir);
        List<Path> segments = segments(dir);
        Map<ClassroomId, List<Chunk>> byClass = new LinkedHashMap<>();
        long last = 0;
        for (Path segment : segments) {
            last = Math.max(last, sequenceOf(segment));
            try (RecordFile f = RecordFile.open(segment, (offset, payload) -> {
                Chunk c = Chunk.decode(payload);
                byClass.computeIfAbsent(c.classroom(), k -> new ArrayList<>()).add(c);
            })) {
                // read while opening
            }
        }
        for (Map.Entry<ClassroomId, List<Chunk>> e : byClass.entrySet()) {
            replay(eventsFile.apply(e.getKey()), e.getValue());
        }
        for (Path segment : segments) {
            Files.delete(segment);
        }
        if (!segments.isEmpty()) {
            RecordFile.forceDirectory(dir);
            LOG.info("trace store journal: replayed {} segment(s) into {} class file(s)", segments.size(),
                    byClass.size());
        }
        TraceJournal journal = new TraceJournal(dir, last + 1);
        journal.open();
        return journal;
    }

    /** Adds the bytes a group writes at {@code offset} of {@code classroom}'s file (written by {@link #force}). */
    void add(ClassroomId classroom, long offset, ByteBuffer bytes) {
        byte[] id = classroom.value().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = bytes.duplicate();
        long at = offset;
        while (b.hasRemaining()) {
            int n = Math.min(CHUNK, b.remaining());
            byte[] payload = new byte[4 + id.length + 8 + n];
            ByteBuffer p = ByteBuffer.wrap(payload);
            p.putInt(id.length).put(id).putLong(at);
            b.get(payload, p.position(), n);
            RecordFile.frame(frames, payload);
            at += n;
        }
    }

    /** Writes what was added since the last call and forces it: the group is durable. */
    void force() throws IOException {
        if (frames.size() == 0) {
            return;
        }
        current.write(frames.asByteBuffer());
        frames.clear();
        current.force();
    }

    /** Whether the current segment is due to be retired: at least {@code maxBytes}, or older than {@code maxNanos}. */
    boolean due(long maxBytes, long maxNanos) {
        return current.end() > 0 && (current.end() >= maxBytes || System.nanoTime() - openedAtNanos >= maxNanos);
    }

    /**
     * Starts a new segment and returns the one retired: it may be deleted (with {@link #delete}) once
     * every class file written while it was current has been forced.
     */
    Path rotate() throws IOException {
        Path retired = current.path();
        current.close();
        sequence++;
        open();
        return retired;
    }

    /** Deletes a retired segment (its class files forced). */
    static void delete(Path segment) throws IOException {
        Files.deleteIfExists(segment);
        RecordFile.forceDirectory(segment.getParent());
    }

    /** Closes the current segment and deletes it: every class file has been forced. */
    void closeAndDelete() throws IOException {
        Path p = current.path();
        current.close();
        delete(p);
    }

    private void open() throws IOException {
        current = RecordFile.create(dir.resolve(String.format("%020d%s", sequence, SUFFIX)));
        openedAtNanos = System.nanoTime();
    }

    private static List<Path> segments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            s.forEach(out::add);
        }
        out.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
        return out;
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new TraceStoreCorruptedException(segment, 0, "is not a journal segment name");
        }
    }

    /** Cuts the class file back to the journal's first byte for it and writes the journal's bytes. */
    private static void replay(Path file, List<Chunk> chunks) throws IOException {
        long start = chunks.get(0).offset();
        Files.createDirectories(file.getParent());
        RecordFile.forceDirectory(file.getParent().getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() < start) {
                throw new TraceStoreCorruptedException(file, ch.size(), "ends before byte " + start
                        + ", where the journal's bytes for it begin (what was forced before is missing)");
            }
            long at = start;
            for (Chunk c : chunks) {
                if (c.offset() != at) {
                    throw new TraceStoreCorruptedException(file, c.offset(), "the journal's bytes for it jump from "
                            + at + " to " + c.offset());
                }
                ByteBuffer b = ByteBuffer.wrap(c.bytes());
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            }
            ch.truncate(at);
            ch.force(true);
        }
        RecordFile.forceDirectory(file.getParent());
    }

    /** One frame's payload: bytes of a class file and where they go. */
    private record Chunk(ClassroomId classroom, long offset, byte[] bytes) {
        static Chunk decode(byte[] payload) throws IOException {
            ByteBuffer p = ByteBuffer.wrap(payload);
            if (p.remaining() < 12) {
                throw new IOException("journal record of " + payload.length + " bytes is too short");
            }
            int idLength = p.getInt();
            if (idLength <= 0 || idLength > p.remaining() - 8) {
                throw new IOException("journal record names a class id of " + idLength + " bytes");
            }
            byte[] id = new byte[idLength];
            p.get(id);
            long offset = p.getLong();
            byte[] bytes = new byte[p.remaining()];
            p.get(bytes);
            try {
                return new Chunk(new ClassroomId(new String(id, StandardCharsets.UTF_8)), offset, bytes);
            } catch (IllegalArgumentException e) {
                throw new IOException("journal record names an invalid class id: " + e.getMessage(), e);
            }
        }
    }
}
