package org.wlcy.classroom.gateway.proctoring;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.live.LeaveService;
import org.wlcy.classroom.proctoring.live.ProctorPolicy;
import org.wlcy.classroom.proctoring.live.ProctoringService;
import org.wlcy.classroom.proctoring.store.FileTraceStore;
import org.wlcy.classroom.proctoring.store.PostgresTraceStore;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.protocol.MessageRouter;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.session.IdGenerator;

/**
 * The proctoring module wired from the configuration: the trace store (embedded file store or
 * PostgreSQL), the live proctoring and leave services, and the blocking executor that reads
 * traces off the lanes. Closes in reverse.
 */
public final class ProctoringWiring implements AutoCloseable {
    private final TraceStore store;
    private final ExecutorService blocking;
    private final ProctoringService proctoring;
    private final LeaveService leaves;
    private final AttendancePolicy attendance;

    private ProctoringWiring(TraceStore store, ExecutorService blocking, ProctoringService proctoring,
                             LeaveService leaves, AttendancePolicy attendance) {
        this.store = store;
        this.blocking = blocking;
        this.proctoring = proctoring;
        this.leaves = leaves;
        this.attendance = attendance;
    }

    public static ProctoringWiring open(GatewayConfig config, InstantSource clock) {
        GatewayConfig.Trace t = config.trace();
        TraceStore store = t.postgres()
                ? PostgresTraceStore.open(t.postgresUrl(), t.postgresUser(), t.postgresPassword())
                : FileTraceStore.open(config.dataDir().resolve("trace"));
        AtomicInteger n = new AtomicInteger();
        ExecutorService blocking = Executors.newFixedThreadPool(2, r -> {
            Thread th = new Thread(r, "trace-reader-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        AttendancePolicy attendance = AttendancePolicy.defaults()
                .withClassHour(Duration.ofMinutes(config.attendance().classHourMinutes()))
                .withOnlineCapPercent(config.attendance().onlineCapPercent());
        IdGenerator ids = IdGenerator.random();
        ProctoringService proctoring = new ProctoringService(store, clock, ids,
                new ProctorPolicy(true, config.proctor().exerciseLockAfter()));
        LeaveService leaves = new LeaveService(store, c -> store.read(c, 0, Integer.MAX_VALUE), blocking, attendance,
                clock, ids);
        return new ProctoringWiring(store, blocking, proctoring, leaves, attendance);
    }

    /** Adds this module's handlers to the router. */
    public void register(MessageRouter router, Classrooms classrooms) {
        proctoring.register(router, classrooms);
        leaves.register(router);
    }

    public ProctoringService proctoring() {
        return proctoring;
    }

    public TraceStore store() {
        return store;
    }

    public ExecutorService blocking() {
        return blocking;
    }

    public AttendancePolicy attendance() {
        return attendance;
    }

    @Override
    public void close() {
        blocking.shutdown();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
