package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The {@link FileTraceStore}'s single writer: takes every batch queued so far, assigns indexes and
 * drops duplicates, writes each touched class file once, forces each once, and only then completes
 * the batches' futures (group commit). After an I/O error it fails every later append: what the
 * page cache holds after a failed write or fsync is unknown, so only reopening (which re-checks the
 * files) may go on.
 */
final class GroupCommitWriter extends BatchWorker {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCHES_PER_GROUP = 4096;


    private record Fresh(ClassLog log, TraceEvent event, byte[] payload) {
    }

    private final Function<ClassroomId, ClassLog> logs;
    private volatile Throwable failure;

    GroupCommitWriter(Function<ClassroomId, ClassLog> logs, String name) {
        super(name, MAX_BATCHES_PER_GROUP);
        this.logs = logs;
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
            log.writeStaged();
        }
        for (ClassLog log : touched) {
            log.forceStaged();
        }
        for (ClassLog log : touched) {
            log.publishStaged();
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).done().complete(results.get(i));
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
