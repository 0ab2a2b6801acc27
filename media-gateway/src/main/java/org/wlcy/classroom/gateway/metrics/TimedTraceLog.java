package org.wlcy.classroom.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.wlcy.classroom.trace.TraceLog;

/** A trace log whose appends are timed until durable (fsync'd or committed), failures too. */
public final class TimedTraceLog {
    private TimedTraceLog() {
    }

    public static TraceLog of(TraceLog log, Timer timer) {
        return events -> {
            long start = System.nanoTime();
            return log.append(events).whenComplete((stored, failure) ->
                    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        };
    }
}
