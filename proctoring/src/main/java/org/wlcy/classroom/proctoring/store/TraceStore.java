package org.wlcy.classroom.proctoring.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Durable, append-only storage of the classes' trace logs and their signed checkpoints. The
 * embedded default ({@code FileTraceStore}) and PostgreSQL ({@code PostgresTraceStore}) pass one
 * contract test. {@link #append} is asynchronous and completes after fsync/commit; the read
 * methods block and must not be called on a class lane or an event loop.
 *
 * <p>What a store holds is always a valid log ({@link StorableEvent}): {@link #append} refuses a
 * batch holding an event that cannot be kept exactly or has no canonical form (the future fails
 * with {@link EventRefusedException}; nothing of the batch is stored), and a stored record that
 * cannot be read back as such an event (damaged, or written by an older version) is <em>set
 * aside</em>: the reads return a {@code trace.set-aside} placeholder at its position, and the
 * stored bytes are kept untouched. Opening a store never fails because of one such record.
 */
public interface TraceStore extends TraceLog, AutoCloseable {

    /**
     * Events of one class with {@code fromIndex <= index}, in index order, at most {@code limit};
     * set-aside records as their placeholders, so that indexes are contiguous.
     */
    List<TraceEvent> read(ClassroomId classroom, long fromIndex, int limit);

    /**
     * What {@link #read} returns, with why each set-aside record was set aside and where it is (for
     * the operator; the placeholder alone is what the log holds).
     */
    default List<StoredRecord> records(ClassroomId classroom, long fromIndex, int limit) {
        return read(classroom, fromIndex, limit).stream().map(e -> new StoredRecord(e, null)).toList();
    }

    /** One user's events in a class recorded in {@code [from, to)}, in index order. */
    List<TraceEvent> readByUser(ClassroomId classroom, UserId user, Instant from, Instant to);

    /** Events of one class recorded in {@code [from, to)}, in index order. */
    List<TraceEvent> readByTime(ClassroomId classroom, Instant from, Instant to);

    /** How many events the class's log holds (the next index). */
    long size(ClassroomId classroom);

    /** Every class that has a log. */
    Set<ClassroomId> classrooms();

    /** Stores a signed checkpoint durably (before this returns). */
    void saveCheckpoint(Checkpoint checkpoint);

    /** The class's checkpoints in increasing tree size. */
    List<Checkpoint> checkpoints(ClassroomId classroom);

    @Override
    void close();
}
