package org.wlcy.classroom.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;
import org.wlcy.classroom.trace.TraceLog;

/** A {@link TraceLog} that keeps what it is given in memory and completes at once. */
public final class RecordingTraceLog implements TraceLog {
    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public synchronized CompletionStage<List<TraceEvent>> append(List<TraceEvent> batch) {
        List<TraceEvent> stored = new ArrayList<>();
        for (TraceEvent e : batch) {
            TraceEvent s = e.at(events.size());
            events.add(s);
            stored.add(s);
        }
        return CompletableFuture.completedFuture(stored);
    }

    public synchronized List<TraceEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<TraceEvent> ofKind(TraceKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
