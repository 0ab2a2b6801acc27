package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The embedded trace store: one folder, no set-up. Each class has {@code classes/<id>/events.log}
 * and {@code classes/<id>/checkpoints.log}, append-only files of CRC32C-checked frames holding one
 * JSON record each (see {@link RecordFile} and {@code docs/adr/0007-trace-storage.md}).
 *
 * <p>Appends are group-committed by one writer thread and complete after {@code fsync} of the
 * store's write-ahead journal ({@code journal/}, {@link TraceJournal}), one per group; their
 * futures complete on that thread, so dependent stages must be short or use an {@code *Async}
 * variant. Opening checks every record, cuts off a torn tail, sets aside a record that fails its
 * CRC between intact ones or is not a valid event at its position (see {@link TraceStore}), and
 * refuses a file whose framing is broken in the middle with {@link TraceStoreCorruptedException}. A {@code store.lock} file keeps a second process out.
 */
public final class FileTraceStore implements TraceStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileTraceStore.class);

    private final Path dir;
    private final Path classesDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<ClassroomId, ClassLog> logs = new ConcurrentHashMap<>();
    private final GroupCommitWriter writer;
    private volatile boolean closed;

    private FileTraceStore(Path dir, FileChannel lockChannel, FileLock lock, GroupCommitWriter.JournalPolicy journalPolicy)
            throws IOException {
        this.dir = dir;
        this.classesDir = dir.resolve("classes");
        this.lockChannel = lockChannel;
        this.lock = lock;
        Files.createDirectories(classesDir);
        RecordFile.forceDirectory(dir);
        // What a crash left in the journal goes into the class files before they are checked.
        TraceJournal journal = TraceJournal.recover(dir, c -> classesDir.resolve(c.value()).resolve(ClassLog.EVENTS));
        loadClasses();
        this.writer = new GroupCommitWriter(id -> logs.computeIfAbsent(id,
                c -> new ClassLog(c, classesDir.resolve(c.value()))), journal, journalPolicy, "trace-store-writer");
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, checking every stored record.
     *
     * @throws TraceStoreCorruptedException if a record other than a torn tail fails its check
     * @throws IllegalStateException        if the folder is already open (in this or another process)
     * @throws UncheckedIOException         if the folder cannot be read or written
     */
    public static FileTraceStore open(Path dir) {
        return open(dir, GroupCommitWriter.JournalPolicy.DEFAULT);
    }

    /** As {@link #open(Path)}, retiring journal segments by {@code journalPolicy} (tests: small segments). */
    static FileTraceStore open(Path dir, GroupCommitWriter.JournalPolicy journalPolicy) {
        Objects.requireNonNull(dir, "dir");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("trace store " + dir + " is already open");
            }
            return new FileTraceStore(dir, channel, lock, journalPolicy);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open trace store " + dir, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void loadClasses() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(classesDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                ClassroomId id;
                try {
                    id = new ClassroomId(name);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring {}: not a class folder", entry);
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    logs.put(id, ClassLog.load(id, entry));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (ClassLog log : logs.values()) {
                closeQuietly(log::close, e);
            }
            throw e;
        }
    }

    /** The folder this store keeps its files in. */
    public Path directory() {
        return dir;
    }

    @Override
    public CompletionStage<List<TraceEvent>> append(List<TraceEvent> events) {
        Objects.requireNonNull(events, "events");
        CompletionStage<List<TraceEvent>> refused = StorableEvent.refusal(events);
        return refused != null ? refused : writer.submit(events);
    }

    @Override
    public List<TraceEvent> read(ClassroomId classroom, long fromIndex, int limit) {
        ClassLog log = log(classroom);
        return log == null ? List.of() : log.read(fromIndex, limit);
    }

    @Override
    public List<StoredRecord> records(ClassroomId classroom, long fromIndex, int limit) {
        ClassLog log = log(classroom);
        return log == null ? List.of() : log.records(fromIndex, limit);
    }

    @Override
    public List<TraceEvent> readByUser(ClassroomId classroom, UserId user, Instant from, Instant to) {
        Objects.requireNonNull(user, "user");
        ClassLog log = log(classroom);
        return log == null ? List.of() : log.readWhere(user, from, to);
    }

    @Override
    public List<TraceEvent> readByTime(ClassroomId classroom, Instant from, Instant to) {
        ClassLog log = log(classroom);
        return log == null ? List.of() : log.readWhere(null, from, to);
    }

    @Override
    public long size(ClassroomId classroom) {
        ClassLog log = log(classroom);
        return log == null ? 0 : log.size();
    }

    @Override
    public Set<ClassroomId> classrooms() {
        checkOpen();
        return logs.values().stream().filter(l -> l.size() > 0).map(ClassLog::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void saveCheckpoint(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        checkOpen();
        ClassroomId id = checkpoint.classroomId();
        try {
            logs.computeIfAbsent(id, c -> new ClassLog(c, classesDir.resolve(c.value()))).saveCheckpoint(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint of " + id, e);
        }
    }

    @Override
    public List<Checkpoint> checkpoints(ClassroomId classroom) {
        ClassLog log = log(classroom);
        return log == null ? List.of() : log.checkpoints();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.stop();
        writer.closeJournal(logs.values());
        for (ClassLog log : logs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("Closing {}'s trace files failed", log.id(), e);
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Releasing {} failed", dir, e);
        }
    }

    private ClassLog log(ClassroomId classroom) {
        Objects.requireNonNull(classroom, "classroom");
        checkOpen();
        return logs.get(classroom);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the trace store is closed");
        }
    }

    private interface Closer {
        void close() throws IOException;
    }

    private static void closeQuietly(Closer c, Exception primary) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception primary) {
        if (channel != null) {
            closeQuietly(channel::close, primary);
        }
    }
}
