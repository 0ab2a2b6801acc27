package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.lane.Stage;
import org.wlcy.classroom.lane.StageTimes;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The {@link FileTraceStore}'s single writer: takes every batch queued so far, assigns indexes and
 * drops duplicates, writes each touched class file once and the group to the {@link TraceJournal},
 * forces the journal once, and only then completes the batches' futures (group commit: one fsync
 * per group for all classes; the class files are forced in the background when a journal segment
 * is retired). After an I/O error it fails every later append: what the
 * page cache holds after a failed write or fsync is unknown, so only reopening (which re-checks the
 * files) may go on.
 */
final class GroupCommitWriter extends BatchWorker {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCHES_PER_GROUP = 4096;


    private record Fresh(ClassLog log, TraceEvent event, byte[] payload) {
    }

    /** When a journal segment is retired: at this size, or this old (the replay after a crash stays short). */
    record JournalPolicy(long segmentBytes, long segmentNanos) {
        static final JournalPolicy DEFAULT = new JournalPolicy(16L << 20, TimeUnit.SECONDS.toNanos(2));
    }

    private final Function<ClassroomId, ClassLog> logs;
    private final TraceJournal journal;
    private final JournalPolicy policy;
    /** Class logs written while the current journal segment was current (writer thread only). */
    private final Set<ClassLog> dirty = new LinkedHashSet<>();
    private final ExecutorService syncer;
    private volatile Throwable failure;

    GroupCommitWriter(Function<ClassroomId, ClassLog> logs, TraceJournal journal, JournalPolicy policy, String name) {
        super(name, MAX_BATCHES_PER_GROUP);
        this.logs = logs;
        this.journal = journal;
        this.policy = policy;
        this.syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-syncer");
            t.setDaemon(true);
            return t;
        });
        start();
    }

    @Override
    void process(List<Pending> group) throws IOException {
        commit(group);
    }

    @Override
    void failed(List<Pending> group, Throwable t) {
        failure = t;
        LOG.error("Trace store writer failed; appends fail until the store is reopened", t);
        group.forEach(p -> p.done().completeExceptionally(failed(t)));
    }

    private void commit(List<Pending> group) throws IOException {
        if (failure != null) {
            group.forEach(p -> p.done().completeExceptionally(failed(failure)));
            return;
        }
        long start = System.nanoTime();
        List<Pending> accepted = new ArrayList<>(group.size());
        List<List<TraceEvent>> results = new ArrayList<>(group.size());
        Set<ClassLog> touched = new LinkedHashSet<>();
        for (Pending p : group) {
            try {
                results.add(stage(p.events(), touched));
                accepted.add(p);
            } catch (IOException | RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
        for (ClassLog log : touched) {
            journal.add(log.id(), log.writeStaged(), log.stagedBytes());
            dirty.add(log);
        }
        long written = System.nanoTime();
        StageTimes.record(Stage.TRACE_WRITE, written - start);
        journal.force(); // one fsync for the group, however many classes it spans
        StageTimes.since(Stage.TRACE_FSYNC, written);
        for (ClassLog log : touched) {
            log.publishStaged();
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).done().complete(results.get(i));
        }
        if (journal.due(policy.segmentBytes(), policy.segmentNanos())) {
            retire();
        }
    }

    /**
     * Starts a new journal segment; the syncer forces the class files written while the old one
     * was current, then deletes it. The writer goes on meanwhile.
     */
    private void retire() throws IOException {
        Path retired = journal.rotate();
        List<ClassLog> toForce = new ArrayList<>(dirty);
        dirty.clear();
        syncer.execute(() -> {
            try {
                for (ClassLog log : toForce) {
                    log.forceEvents();
                }
                TraceJournal.delete(retired);
            } catch (IOException | RuntimeException e) {
                failure = e;
                LOG.error("Forcing the trace class files failed; appends fail until the store is reopened", e);
            }
        });
    }

    /**
     * After {@link #stop}: forces every class file and deletes the journal, so a clean close leaves
     * nothing to replay.
     */
    void closeJournal(Iterable<ClassLog> logs) {
        syncer.shutdown();
        try {
            if (!syncer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The trace journal's syncer did not finish in 30 s; the journal is replayed at the next start");
                return;
            }
            if (failure != null) {
                return; // the journal stays for the next start to replay
            }
            for (ClassLog log : logs) {
                log.forceEvents();
            }
            journal.closeAndDelete();
        } catch (IOException e) {
            LOG.warn("Closing the trace journal failed; it is replayed at the next start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resolves one batch without touching any log, then stages its new events (all or nothing). */
    private List<TraceEvent> stage(List<TraceEvent> events, Set<ClassLog> touched) throws IOException {
        List<TraceEvent> out = new ArrayList<>(events.size());
        List<Fresh> fresh = new ArrayList<>();
        Map<String, TraceEvent> inBatch = new HashMap<>();
        Map<ClassLog, Long> next = new HashMap<>();
        for (TraceEvent e : events) {
            Objects.requireNonNull(e, "event");
            ClassLog log = logs.apply(e.classroomId());
            Long stored = log.indexOf(e.eventId());
            if (stored != null) {
                out.add(log.stored(stored));
                continue;
            }
            String key = e.classroomId().value() + '\n' + e.eventId();
            TraceEvent earlier = inBatch.get(key);
            if (earlier != null) {
                out.add(earlier);
                continue;
            }
            long index = next.getOrDefault(log, log.nextIndex());
            TraceEvent s = TraceRecordCodec.normalize(e, index);
            byte[] payload = TraceRecordCodec.encodeEvent(s);
            if (payload.length > RecordFile.MAX_PAYLOAD) {
                throw new IllegalArgumentException("trace event '" + e.eventId() + "' is larger than 1 MiB");
            }
            next.put(log, index + 1);
            inBatch.put(key, s);
            fresh.add(new Fresh(log, s, payload));
            out.add(s);
        }
        for (Fresh f : fresh) {
            f.log.stage(f.event, f.payload);
            touched.add(f.log);
        }
        return out;
    }

    private static IOException failed(Throwable cause) {
        return new IOException("the trace store failed earlier and acknowledges nothing more; reopen it", cause);
    }
}
