package org.wlcy.classroom.gateway.proctoring;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import java.util.concurrent.ScheduledExecutorService;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.proctoring.face.FaceCheck;
import org.wlcy.classroom.proctoring.face.FaceCheckSettings;
import org.wlcy.classroom.proctoring.face.FaceDetector;
import org.wlcy.classroom.proctoring.live.FaceCheckScheduler;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.proctoring.integrity.CheckpointPolicy;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;
import org.wlcy.classroom.proctoring.integrity.SetAsideRecord;
import org.wlcy.classroom.proctoring.integrity.TraceBundleExporter;
import org.wlcy.classroom.proctoring.integrity.TraceIntegrity;
import org.wlcy.classroom.trace.TraceLog;
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
    private static final Logger LOG = LoggerFactory.getLogger(ProctoringWiring.class);
    private final TraceStore store;
    private final ExecutorService blocking;
    private final ScheduledExecutorService ticks;
    private final TraceIntegrity integrity;
    private final CheckpointSigner signer;
    private final TraceBundleExporter bundles;
    private final ProctoringService proctoring;
    private final LeaveService leaves;
    private final AttendancePolicy attendance;
    private final FaceCheck faceCheck;
    private final FaceCheckScheduler faceChecks;
    /** offline: the classes' planned (offline) lessons; none until the enrolment module supplies them. */
    private volatile org.wlcy.classroom.proctoring.attendance.PlannedLessons planned =
            org.wlcy.classroom.proctoring.attendance.PlannedLessons.NONE;
    /** issue L witnesses: null without witnesses. */
    private WitnessClient witnesses;
    /** issue L witnesses: trace.origin, the prefix of the classes' checkpoint note origins. */
    private String originPrefix = "";

    private ProctoringWiring(TraceStore store, ExecutorService blocking, ScheduledExecutorService ticks,
                             TraceIntegrity integrity, CheckpointSigner signer, TraceBundleExporter bundles,
                             ProctoringService proctoring, LeaveService leaves, AttendancePolicy attendance,
                             FaceCheck faceCheck, FaceCheckScheduler faceChecks) {
        this.store = store;
        this.blocking = blocking;
        this.ticks = ticks;
        this.integrity = integrity;
        this.signer = signer;
        this.bundles = bundles;
        this.proctoring = proctoring;
        this.leaves = leaves;
        this.attendance = attendance;
        this.faceCheck = faceCheck;
        this.faceChecks = faceChecks;
    }

    public static ProctoringWiring open(GatewayConfig config, InstantSource clock,
                                        org.wlcy.classroom.gateway.metrics.GatewayMetrics metrics) {
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
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "trace-checkpoints");
            th.setDaemon(true);
            return th;
        });
        CheckpointSigner signer;
        try {
            signer = CheckpointSigner.openOrCreate(config.dataDir());
        } catch (java.io.IOException e) {
            store.close();
            throw new java.io.UncheckedIOException("cannot read or create the trace signing key in "
                    + config.dataDir().resolve("trace-keys"), e);
        }
        // issue L: the checkpoint policy is configurable (trace.checkpointEvents/Seconds); ticks at most 5 s apart
        CheckpointPolicy checkpoints = new CheckpointPolicy(t.checkpointEvents(), Duration.ofSeconds(t.checkpointSeconds()));
        TraceIntegrity integrity = new TraceIntegrity(store, clock, signer, blocking, checkpoints);
        integrity.start();
        integrity.scheduleTicks(ticks, Duration.ofSeconds(Math.min(5, t.checkpointSeconds())));
        TraceLog trace = org.wlcy.classroom.gateway.metrics.TimedTraceLog.of(integrity.traceLog(), metrics.traceAppend());
        AttendancePolicy attendance = AttendancePolicy.defaults()
                .withClassHour(Duration.ofMinutes(config.attendance().classHourMinutes()))
                .withOnlineCapPercent(config.attendance().onlineCapPercent());
        IdGenerator ids = IdGenerator.random();
        ProctoringService proctoring = new ProctoringService(trace, clock, ids,
                new ProctorPolicy(true, config.proctor().exerciseLockAfter()));
        LeaveService leaves = new LeaveService(trace, c -> store.read(c, 0, Integer.MAX_VALUE), blocking, attendance,
                clock, ids);
        FaceCheck faceCheck = null;
        FaceCheckScheduler faceChecks = null;
        GatewayConfig.Proctor p = config.proctor();
        if (p.faceChecks()) {
            try {
                FaceCheckSettings settings = FaceCheckSettings.defaults(config.dataDir().resolve("face"))
                        .withForwardHost(p.faceCheckForwardHost());
                if (p.evidenceRetentionDays() > 0) {
                    settings = settings.withEvidence(config.dataDir(), Duration.ofDays(p.evidenceRetentionDays()));
                }
                FaceCheck check = new FaceCheck(settings, FaceDetector.frontalFace(), java.time.Clock.systemUTC());
                faceCheck = check;
                FaceCheckScheduler.Checker checker = pub -> check.check(pub).thenApply(r ->
                        new FaceCheckScheduler.Result(r.outcome().code(), r.faceCount(), r.frameSha256()));
                proctoring.useFaceChecker(checker);
                faceChecks = new FaceCheckScheduler(checker, trace, clock, ticks, Duration.ofSeconds(p.faceCheckMinSeconds()),
                        Duration.ofSeconds(p.faceCheckMaxSeconds()), ids);
                ticks.scheduleAtFixedRate(() -> check.deleteExpired(clock.instant()), 1, 60, TimeUnit.MINUTES);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("face checks are off: OpenCV/FFmpeg could not be loaded ({})", e.toString());
            }
        }
        // issue L witnesses: every new checkpoint goes to the witnesses (trace.witnesses); bundles carry their cosignatures
        WitnessClient witnesses = null;
        java.util.List<WitnessClient.Witness> ws = WitnessClient.Witness.parseAll(t.witnesses());
        if (!ws.isEmpty()) {
            witnesses = new WitnessClient(ws, t.origin(), signer, new org.wlcy.classroom.proctoring.integrity.TraceProofs(store),
                    org.wlcy.classroom.proctoring.integrity.CosignatureFile.open(config.dataDir()),
                    Duration.ofSeconds(t.witnessTimeoutSeconds()));
            integrity.onCheckpointSaved(witnesses::onCheckpoint);
            metrics.gauge("classroom_witness_lag", "events of the classes' newest checkpoints not yet cosigned by the "
                    + "slowest witness", witnesses, WitnessClient::lag);
            LOG.info("trace checkpoints go to {} witness(es): {}", ws.size(),
                    ws.stream().map(WitnessClient.Witness::name).toList());
        }
        ProctoringWiring wiring = new ProctoringWiring(store, blocking, ticks, integrity, signer,
                new TraceBundleExporter(store, integrity, signer, clock,
                        witnesses == null ? org.wlcy.classroom.proctoring.integrity.Cosignatures.NONE : witnesses),
                proctoring, leaves, attendance, faceCheck, faceChecks);
        wiring.witnesses = witnesses;
        wiring.originPrefix = t.origin();
        return wiring;
    }

    /** Adds this module's handlers to the router. */
    public void register(MessageRouter router, Classrooms classrooms) {
        proctoring.register(router, classrooms);
        leaves.register(router);
        if (faceChecks != null) {
            faceChecks.attach(classrooms, proctoring);
        }
    }

    /** What this module listens to in every class. */
    public java.util.List<ClassSessionListener> listeners() {
        return faceChecks == null ? java.util.List.of(proctoring) : java.util.List.of(proctoring, faceChecks);
    }

    public ProctoringService proctoring() {
        return proctoring;
    }

    /** The store, for reads. Writes go through {@link #trace()}. */
    public TraceStore store() {
        return store;
    }

    /** The trace to write to: the store, with every append folded into the signed Merkle log. */
    public TraceLog trace() {
        return integrity.traceLog();
    }

    /**
     * The stored records that the classes' logs hold as {@code trace.set-aside} placeholders (for
     * {@code /readyz}; each was logged when found).
     */
    public java.util.List<SetAsideRecord> setAside() {
        return integrity.setAside();
    }

    public TraceBundleExporter bundles() {
        return bundles;
    }

    public CheckpointSigner signer() {
        return signer;
    }

    /** The live Merkle logs and their checkpoints (issue L: the live checkpoint API reads them). */
    public TraceIntegrity integrity() {
        return integrity;
    }

    /**
     * issue L witnesses: the checkpoint as a C2SP checkpoint note signed by the server key, with the
     * witnesses' cosignatures held for it (docs/trace-bundle.md §4.3).
     */
    public String checkpointNote(org.wlcy.classroom.proctoring.integrity.Checkpoint cp) {
        return signer.checkpointNote(originPrefix, cp)
                + (witnesses == null ? "" : String.join("", witnesses.lines(cp)));
    }

    /** issue L witnesses: the witness client, if witnesses are configured. */
    public java.util.Optional<WitnessClient> witnesses() {
        return java.util.Optional.ofNullable(witnesses);
    }

    public ExecutorService blocking() {
        return blocking;
    }

    public AttendancePolicy attendance() {
        return attendance;
    }

    /** offline: where the classes' planned offline lessons come from (the approved class plans). */
    public void usePlannedLessons(org.wlcy.classroom.proctoring.attendance.PlannedLessons source) {
        planned = java.util.Objects.requireNonNull(source);
    }

    /** offline: the classes' planned lessons, as supplied (asked anew each time, so it may be supplied late). */
    public org.wlcy.classroom.proctoring.attendance.PlannedLessons plannedLessons() {
        return c -> planned.of(c);
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        if (witnesses != null) {
            witnesses.close();
        }
        if (faceCheck != null) {
            faceCheck.close();
        }
        blocking.shutdown();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
