package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * One class's log in a {@link FileTraceStore}: {@code events.log} and {@code checkpoints.log} in
 * the class's folder, plus what is kept in memory to find records again.
 *
 * <p>Two kinds of state: what only the writer thread touches (dedup index, next index, the group
 * being staged) and the published, durable index (offsets, users, times) that readers see under
 * this object's lock.
 *
 * <p>Opening sets aside every record that is not a valid event of this class at its position
 * ({@link StorableEvent}): its bytes stay in the file, and reads return its placeholder.
 */
final class ClassLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClassLog.class);
    static final String EVENTS = "events.log";
    static final String CHECKPOINTS = "checkpoints.log";

    private final ClassroomId id;
    private final Path dir;
    /** Written by the writer thread (created on first use), read by the journal's syncer too. */
    private volatile RecordFile events;
    private RecordFile checkpointFile;

    // Writer thread only.
    private final Map<String, Long> byEventId = new HashMap<>();
    private long nextIndex;
    private final GrowableBuffer staged = new GrowableBuffer();
    private final List<TraceEvent> stagedEvents = new ArrayList<>();
    private final List<long[]> stagedEntries = new ArrayList<>();

    // Published (durable) index, guarded by this.
    private long[] offsets = new long[16];
    private long[] recordedMicros = new long[16];
    private int[] users = new int[16];
    private int size;
    private final List<String> userNames = new ArrayList<>();
    private final Map<String, Integer> userNumbers = new HashMap<>();
    private final Object checkpointLock = new Object();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    /** Set-aside records by index; filled while loading only, before the log is published. */
    private final Map<Long, StoredRecord> asideByIndex = new HashMap<>();

    ClassLog(ClassroomId id, Path dir) {
        this.id = id;
        this.dir = dir;
    }

    /** Opens the class's existing files, checking and indexing every record. */
    static ClassLog load(ClassroomId id, Path dir) throws IOException {
        ClassLog log = new ClassLog(id, dir);
        Path ev = dir.resolve(EVENTS);
        if (Files.exists(ev)) {
            log.events = RecordFile.open(ev, new RecordFile.Visitor() {
                @Override
                public void record(long offset, byte[] payload) {
                    log.loadEvent(ev, offset, payload);
                }

                @Override
                public void damaged(long offset, byte[] payload, String problem) {
                    log.setAside(ev, offset, payload, null, StorableEvent.UNREADABLE, problem);
                }
            });
        }
        Path cp = dir.resolve(CHECKPOINTS);
        if (Files.exists(cp)) {
            log.checkpointFile = RecordFile.open(cp, new RecordFile.Visitor() {
                @Override
                public void record(long offset, byte[] payload) {
                    Checkpoint c;
                    try {
                        c = TraceRecordCodec.decodeCheckpoint(payload);
                    } catch (IOException | RuntimeException e) {
                        skipCheckpoint(cp, offset, "cannot be read: " + e.getMessage());
                        return;
                    }
                    if (!c.classroomId().equals(id)) {
                        skipCheckpoint(cp, offset, "is a checkpoint of class " + c.classroomId());
                        return;
                    }
                    log.insertCheckpoint(c);
                }

                @Override
                public void damaged(long offset, byte[] payload, String problem) {
                    skipCheckpoint(cp, offset, problem);
                }
            });
        }
        return log;
    }

    /**
     * A damaged checkpoint only loses one point of comparison (the events and the other
     * checkpoints still verify), so it is left in the file, logged and not used.
     */
    private static void skipCheckpoint(Path file, long offset, String problem) {
        LOG.warn("Trace store file {}: the checkpoint at byte offset {} {}; it is kept in the file but not used",
                file, offset, problem);
    }

    /** Indexes a record read while opening: a valid event of this class at this position, or set aside. */
    private void loadEvent(Path file, long offset, byte[] payload) {
        TraceEvent e;
        try {
            e = TraceRecordCodec.decodeEvent(payload);
        } catch (IOException | RuntimeException ex) {
            setAside(file, offset, payload, null, StorableEvent.UNREADABLE, "cannot be read: " + ex.getMessage());
            return;
        }
        if (!e.classroomId().equals(id)) {
            setAside(file, offset, payload, null, StorableEvent.UNREADABLE, "is an event of class " + e.classroomId());
            return;
        }
        if (e.index() != nextIndex) {
            setAside(file, offset, payload, null, StorableEvent.UNREADABLE, "holds index " + e.index()
                    + " at position " + nextIndex);
            return;
        }
        Long earlier = byEventId.get(e.eventId());
        if (earlier != null) {
            setAside(file, offset, payload, null, StorableEvent.UNREADABLE, "repeats eventId '" + e.eventId()
                    + "' of index " + earlier);
            return;
        }
        var problem = StorableEvent.problem(e);
        if (problem.isPresent()) {
            byEventId.put(e.eventId(), e.index()); // a resend is answered with the placeholder, not stored again
            setAside(file, offset, payload, e, StorableEvent.NOT_CANONICAL, problem.get().toString());
            return;
        }
        byEventId.put(e.eventId(), e.index());
        nextIndex++;
        publish(offset, micros(e.recordedAt()), e.userId().value());
    }

    private void setAside(Path file, long offset, byte[] payload, TraceEvent decoded, String reason, String problem) {
        long index = nextIndex++;
        TraceEvent placeholder = StorableEvent.placeholder(id, index, payload, decoded, reason);
        asideByIndex.put(index, new StoredRecord(placeholder, "the record at byte offset " + offset + " of " + file
                + ": " + problem));
        publish(offset, micros(placeholder.recordedAt()), placeholder.userId().value());
    }

    ClassroomId id() {
        return id;
    }

    // ---- writer thread ----

    /** The stored index of {@code eventId}, staged or durable, or {@code null}. */
    Long indexOf(String eventId) {
        return byEventId.get(eventId);
    }

    long nextIndex() {
        return nextIndex;
    }

    /** The stored event at {@code index}: from the staged group, or read back from disk. */
    TraceEvent stored(long index) throws IOException {
        long durable = nextIndex - stagedEvents.size();
        if (index >= durable) {
            return stagedEvents.get((int) (index - durable));
        }
        return recordAt(index, offsetOf(index)).event();
    }

    /** Adds an event (its index is {@link #nextIndex()}) to the group being written. */
    void stage(TraceEvent e, byte[] payload) {
        long offset = (events == null ? 0 : events.end()) + staged.size();
        RecordFile.frame(staged, payload);
        stagedEvents.add(e);
        stagedEntries.add(new long[] {offset, micros(e.recordedAt())});
        byEventId.put(e.eventId(), e.index());
        nextIndex++;
    }

    boolean hasStaged() {
        return staged.size() > 0;
    }

    /**
     * Writes the staged group (not yet durable: the {@link TraceJournal} makes it so), creating the
     * file on first use; returns the offset it starts at.
     */
    long writeStaged() throws IOException {
        if (events == null) {
            Files.createDirectories(dir);
            RecordFile.forceDirectory(dir.getParent());
            events = RecordFile.create(dir.resolve(EVENTS));
        }
        long start = events.end();
        events.write(staged.asByteBuffer());
        return start;
    }

    /** The bytes of the staged group, as {@link #writeStaged} writes them (until {@link #publishStaged}). */
    java.nio.ByteBuffer stagedBytes() {
        return staged.asByteBuffer();
    }

    /** Makes everything written to the events file durable (the journal's syncer, any thread). */
    void forceEvents() throws IOException {
        RecordFile f = events;
        if (f != null) {
            f.force();
        }
    }

    /** After the group is durable: readers may see it. */
    void publishStaged() {
        synchronized (this) {
            for (int i = 0; i < stagedEvents.size(); i++) {
                long[] entry = stagedEntries.get(i);
                publish(entry[0], entry[1], stagedEvents.get(i).userId().value());
            }
        }
        staged.clear();
        stagedEvents.clear();
        stagedEntries.clear();
    }

    // ---- readers ----

    synchronized long size() {
        return size;
    }

    /** Durable events with index in {@code [from, from + limit)}. */
    List<TraceEvent> read(long from, int limit) {
        return records(from, limit).stream().map(StoredRecord::event).toList();
    }

    /** Durable records with index in {@code [from, from + limit)}. */
    List<StoredRecord> records(long from, int limit) {
        long[] found;
        int start;
        synchronized (this) {
            if (from >= size || limit <= 0) {
                return List.of();
            }
            start = (int) Math.max(0, from);
            int end = (int) Math.min(size, (long) start + limit);
            found = Arrays.copyOfRange(offsets, start, end);
        }
        List<StoredRecord> out = new ArrayList<>(found.length);
        for (int i = 0; i < found.length; i++) {
            out.add(readRecord(start + i, found[i]));
        }
        return out;
    }

    /** Durable events recorded in {@code [from, to)}, optionally of one user, in index order. */
    List<TraceEvent> readWhere(UserId user, Instant from, Instant to) {
        long lo = micros(from);
        long hi = micros(to);
        int[] found;
        long[] offsetsOf;
        synchronized (this) {
            Integer userNumber = user == null ? null : userNumbers.get(user.value());
            if (user != null && userNumber == null) {
                return List.of();
            }
            IntPredicate match = i -> recordedMicros[i] >= lo && recordedMicros[i] < hi
                    && (userNumber == null || users[i] == userNumber);
            found = java.util.stream.IntStream.range(0, size).filter(match).toArray();
            offsetsOf = new long[found.length];
            for (int j = 0; j < found.length; j++) {
                offsetsOf[j] = offsets[found[j]];
            }
        }
        List<TraceEvent> out = new ArrayList<>(found.length);
        for (int j = 0; j < found.length; j++) {
            out.add(readRecord(found[j], offsetsOf[j]).event());
        }
        return out;
    }

    private StoredRecord readRecord(long index, long offset) {
        try {
            return recordAt(index, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record at {@code index} (stored at {@code offset}): its placeholder if set aside. */
    private StoredRecord recordAt(long index, long offset) throws IOException {
        StoredRecord aside = asideByIndex.get(index);
        return aside != null ? aside : new StoredRecord(readAt(offset), null);
    }

    private TraceEvent readAt(long offset) throws IOException {
        byte[] payload = events.read(offset);
        try {
            return TraceRecordCodec.decodeEvent(payload);
        } catch (IOException | RuntimeException e) {
            throw new TraceStoreCorruptedException(events.path(), offset, "invalid record: " + e.getMessage());
        }
    }

    private synchronized long offsetOf(long index) {
        return offsets[(int) index];
    }

    private void publish(long offset, long micros, String user) {
        if (size == offsets.length) {
            int n = size * 2;
            offsets = Arrays.copyOf(offsets, n);
            recordedMicros = Arrays.copyOf(recordedMicros, n);
            users = Arrays.copyOf(users, n);
        }
        Integer number = userNumbers.computeIfAbsent(user, u -> {
            userNames.add(u);
            return userNames.size() - 1;
        });
        offsets[size] = offset;
        recordedMicros[size] = micros;
        users[size] = number;
        size++;
    }

    // ---- checkpoints ----

    /** Appends a checkpoint and forces it to disk before returning. */
    void saveCheckpoint(Checkpoint c) throws IOException {
        synchronized (checkpointLock) {
            if (checkpointFile == null) {
                Files.createDirectories(dir);
                RecordFile.forceDirectory(dir.getParent());
                checkpointFile = RecordFile.create(dir.resolve(CHECKPOINTS));
            }
            GrowableBuffer buf = new GrowableBuffer();
            RecordFile.frame(buf, TraceRecordCodec.encodeCheckpoint(c));
            checkpointFile.write(buf.asByteBuffer());
            checkpointFile.force();
            insertCheckpoint(c);
        }
    }

    List<Checkpoint> checkpoints() {
        synchronized (checkpointLock) {
            return List.copyOf(checkpoints);
        }
    }

    private void insertCheckpoint(Checkpoint c) {
        int at = checkpoints.size();
        while (at > 0 && checkpoints.get(at - 1).treeSize() > c.treeSize()) {
            at--;
        }
        checkpoints.add(at, c);
    }

    void close() throws IOException {
        synchronized (this) {
            if (events != null) {
                events.close();
            }
        }
        synchronized (checkpointLock) {
            if (checkpointFile != null) {
                checkpointFile.close();
            }
        }
    }

    /** Microseconds since the epoch, rounded up (so that {@code e >= t} iff {@code micros(e) >= micros(t)} for stored events). */
    static long micros(Instant t) {
        long s = t.getEpochSecond();
        if (s > Long.MAX_VALUE / 1_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (s < Long.MIN_VALUE / 1_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return s * 1_000_000L + (t.getNano() + 999) / 1000;
    }
}
