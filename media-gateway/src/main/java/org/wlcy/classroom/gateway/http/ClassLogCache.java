package org.wlcy.classroom.gateway.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Classes' trace logs for the regulator desk, kept in memory (Caffeine, bounded by the number of
 * events held) so that a report does not read a class's whole log again on every request. A log is
 * append-only, so a cached copy is brought up to date by reading only what was appended since
 * ({@code TraceStore.size}). Blocking: call from the blocking executor, like the store's reads.
 */
final class ClassLogCache {
    private final TraceStore store;
    private final Cache<ClassroomId, List<TraceEvent>> logs;

    ClassLogCache(TraceStore store, long maxEvents) {
        this.store = store;
        this.logs = Caffeine.newBuilder()
                .maximumWeight(maxEvents)
                .<ClassroomId, List<TraceEvent>>weigher((id, events) -> Math.max(1, events.size()))
                .build();
    }

    /** The class's whole log as the store holds it now (an unmodifiable list in index order). */
    List<TraceEvent> events(ClassroomId id) {
        return logs.asMap().compute(id, (k, cached) -> {
            long size = store.size(k);
            int have = cached == null ? 0 : cached.size();
            if (cached != null && have == size) {
                return cached;
            }
            if (cached == null || have > size) {
                return Collections.unmodifiableList(store.read(k, 0, Integer.MAX_VALUE));
            }
            List<TraceEvent> more = store.read(k, have, (int) Math.min(Integer.MAX_VALUE, size - have));
            List<TraceEvent> all = new ArrayList<>(have + more.size());
            all.addAll(cached);
            all.addAll(more);
            return Collections.unmodifiableList(all);
        });
    }
}
