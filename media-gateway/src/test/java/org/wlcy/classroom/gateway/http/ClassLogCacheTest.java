package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.store.FileTraceStore;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/** The regulator desk's cache of class logs reads only what was appended since its last read. */
class ClassLogCacheTest {
    private static final ClassroomId CLASS = new ClassroomId("c-cache");
    @TempDir
    Path dir;
    private final List<String> reads = new ArrayList<>();

    private TraceStore counting(TraceStore store) {
        return (TraceStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TraceStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("read")) {
                        reads.add("from " + args[1]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void append(TraceStore store, int n, int first) {
        List<TraceEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new TraceEvent(-1, CLASS, null, new UserId("t01"), TraceKind.HEARTBEAT,
                    Instant.parse("2026-11-29T08:00:00Z").plusSeconds(first + i), "t01/" + (first + i), null,
                    Map.of("visible", true)));
        }
        store.append(events).toCompletableFuture().join();
    }

    @Test
    void theLogIsReadOnceThenOnlyWhatWasAppended() {
        try (FileTraceStore file = FileTraceStore.open(dir)) {
            TraceStore store = counting(file);
            ClassLogCache cache = new ClassLogCache(store, 1_000);
            append(file, 5, 0);

            assertThat(cache.events(CLASS)).hasSize(5);
            assertThat(cache.events(CLASS)).hasSize(5);
            append(file, 3, 5);
            List<TraceEvent> now = cache.events(CLASS);

            assertThat(now).extracting(TraceEvent::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(now).isEqualTo(file.read(CLASS, 0, Integer.MAX_VALUE));
            assertThat(reads).containsExactly("from 0", "from 5");
        }
    }
}
