package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/**
 * One absolute timeline for a run, so every connection stops at the same moment and the measured
 * window is the same for all: joins during the ramp, then {@code settle}, then the load until
 * {@link #endAt()}; figures count from {@link #measureFrom()} (after a warm-up).
 */
final class Timeline {
    private static volatile long startedAt;
    private static volatile long loadAt;
    private static volatile long measureAt;
    private static volatile long endAt;

    private Timeline() {
    }

    /** Called from a simulation's {@code before()}: the injection starts now. */
    static void start(Duration joinPhase, Duration warmup, Duration load) {
        startedAt = System.currentTimeMillis();
        loadAt = startedAt + joinPhase.toMillis();
        measureAt = loadAt + warmup.toMillis();
        endAt = loadAt + load.toMillis();
        Deliveries.window(measureAt, endAt);
    }

    static long loadFrom() {
        return loadAt;
    }

    static long measureFrom() {
        return measureAt;
    }

    static long endAt() {
        return endAt;
    }

    static boolean running() {
        return System.currentTimeMillis() < endAt;
    }

    /** Waits until the load phase begins (everyone joined), pinging so as not to be closed as silent. */
    static ChainBuilder awaitLoad() {
        return asLongAs(s -> System.currentTimeMillis() < loadAt).on(
                exec(pause(s -> Duration.ofMillis(Math.max(0, Math.min(5_000, loadAt - System.currentTimeMillis())))))
                        .exec(Signalling.keepAlive()));
    }

    /** Only reads events (every {@code every}) until the end. */
    static ChainBuilder listenUntilEnd(Duration every) {
        return asLongAs(s -> running()).on(pause(every).exec(Inbox.drain()).exec(Signalling.keepAlive()));
    }

    /** After the end: lets the last deliveries arrive, reads them, closes the connection. */
    static ChainBuilder finish() {
        return exec(pause(Duration.ofSeconds(3))).exec(Inbox.drain()).exec(ws("close").close());
    }
}
