package org.wlcy.classroom.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/**
 * An in-memory trace log whose durability can be held back ({@link #holding}, {@link #release()})
 * or made to fail ({@link #failing}), for tests. Drops duplicates by class and event id, like the
 * real stores.
 */
public final class MemoryTraceLog implements TraceLog {
    public final List<TraceEvent> events = new ArrayList<>();
    private final Map<String, TraceEvent> byId = new HashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    /** While true, appends complete only at {@link #release()}. */
    public boolean holding;
    /** While true, appends fail ("disk full"). */
    public boolean failing;

    @Override
    public synchronized CompletionStage<List<TraceEvent>> append(List<TraceEvent> batch) {
        CompletableFuture<List<TraceEvent>> f = new CompletableFuture<>();
        Runnable complete = () -> {
            if (failing) {
                f.completeExceptionally(new IllegalStateException("disk full"));
                return;
            }
            List<TraceEvent> out = new ArrayList<>();
            synchronized (this) {
                for (TraceEvent e : batch) {
                    String key = e.classroomId() + "|" + e.eventId();
                    TraceEvent stored = byId.get(key);
                    if (stored == null) {
                        stored = e.at(events.size());
                        events.add(stored);
                        byId.put(key, stored);
                    }
                    out.add(stored);
                }
            }
            f.complete(out);
        };
        if (holding) {
            held.add(complete);
        } else {
            complete.run();
        }
        return f;
    }

    /** Completes the held appends, in order, and stops holding. */
    public void release() {
        List<Runnable> now = new ArrayList<>(held);
        held.clear();
        holding = false;
        now.forEach(Runnable::run);
    }

    /** The stored events of one kind, in order. */
    public synchronized List<TraceEvent> of(TraceKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
