package org.wlcy.classroom.proctoring.integrity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;

/** A TraceStore in memory for the integrity tests, with hooks to tamper with what it holds. */
final class InMemoryTraceStore implements TraceStore {
    private final Map<ClassroomId, List<TraceEvent>> logs = new HashMap<>();
    private final Map<ClassroomId, List<Checkpoint>> checkpoints = new HashMap<>();
    private final Set<ClassroomId> failingReads = new java.util.HashSet<>();

    @Override
    public synchronized CompletionStage<List<TraceEvent>> append(List<TraceEvent> events) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            List<TraceEvent> log = logs.computeIfAbsent(e.classroomId(), k -> new ArrayList<>());
            TraceEvent original = log.stream().filter(x -> x.eventId().equals(e.eventId())).findFirst().orElse(null);
            if (original != null) {
                out.add(original);
            } else {
                TraceEvent stored = e.at(log.size());
                log.add(stored);
                out.add(stored);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized List<TraceEvent> read(ClassroomId classroom, long fromIndex, int limit) {
        if (failingReads.contains(classroom)) {
            throw new IllegalStateException("reads of " + classroom + " fail (test)");
        }
        List<TraceEvent> log = logs.getOrDefault(classroom, List.of());
        int from = (int) Math.min(fromIndex, log.size());
        return List.copyOf(log.subList(from, Math.min(log.size(), from + limit)));
    }

    @Override
    public synchronized List<TraceEvent> readByUser(ClassroomId classroom, UserId user, Instant from, Instant to) {
        return readByTime(classroom, from, to).stream().filter(e -> e.userId().equals(user)).toList();
    }

    @Override
    public synchronized List<TraceEvent> readByTime(ClassroomId classroom, Instant from, Instant to) {
        return logs.getOrDefault(classroom, List.of()).stream()
                .filter(e -> !e.recordedAt().isBefore(from) && e.recordedAt().isBefore(to)).toList();
    }

    @Override
    public synchronized long size(ClassroomId classroom) {
        return logs.getOrDefault(classroom, List.of()).size();
    }

    @Override
    public synchronized Set<ClassroomId> classrooms() {
        return new LinkedHashSet<>(logs.keySet());
    }

    @Override
    public synchronized void saveCheckpoint(Checkpoint checkpoint) {
        checkpoints.computeIfAbsent(checkpoint.classroomId(), k -> new ArrayList<>()).add(checkpoint);
    }

    @Override
    public synchronized List<Checkpoint> checkpoints(ClassroomId classroom) {
        return List.copyOf(checkpoints.getOrDefault(classroom, List.of()));
    }

    @Override
    public void close() {
    }

    /** Tampering: replaces the stored event at its index. */
    synchronized void replace(TraceEvent e) {
        logs.get(e.classroomId()).set((int) e.index(), e);
    }

    /** Every later read of {@code classroom} throws, as a broken database would. */
    synchronized void failReadsOf(ClassroomId classroom) {
        failingReads.add(classroom);
    }
}
