package org.wlcy.classroom.gateway.enrolment;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.enrolment.roster.RosterLimits;
import org.wlcy.classroom.enrolment.store.EnrolmentStore;
import org.wlcy.classroom.enrolment.store.FileEnrolmentStore;
import org.wlcy.classroom.enrolment.store.PostgresEnrolmentStore;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.assessment.AssessmentWiring;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.session.ClassSessionListener;

/**
 * Issue H assembled: classes, rosters and opening applications, under {@code <data.dir>/enrolment}
 * or, with {@code trace.store=postgres}, in that same PostgreSQL database (tables
 * {@code enrolment_*}, migrations {@code db/enrolment}).
 */
public final class EnrolmentWiring implements AutoCloseable {
    /** A roster arrives as one REST body, so it is at most the server's 64 KiB body (HTTP 413, 102, beyond). */
    private static final RosterLimits LIMITS = new RosterLimits(64 * 1024, 16L << 20, 200, 100);
    private final EnrolmentService service;
    private final ExecutorService workers;
    private final EnrolmentStore store;

    private EnrolmentWiring(EnrolmentService service, EnrolmentStore store, ExecutorService workers) {
        this.service = service;
        this.store = store;
        this.workers = workers;
    }

    /**
     * The store the configuration names (PostgreSQL when the traces are there, else the embedded
     * one); every approved class, now and when approved later, is given to {@code knownClasses}
     * (the classroom directory) with its plan's name.
     */
    public static EnrolmentWiring open(TokenService tokens, InstantSource clock, GatewayConfig config,
                                       Consumer<Classroom> knownClasses) {
        GatewayConfig.Trace db = config.trace();
        EnrolmentStore store = db.postgres()
                ? PostgresEnrolmentStore.open(db.postgresUrl(), db.postgresUser(), db.postgresPassword())
                : new FileEnrolmentStore(config.dataDir().resolve("enrolment"));
        Consumer<EnrolledClass> approved = c -> knownClasses.accept(Classroom.of(new ClassroomId(c.classId()),
                c.application().plan().name()));
        EnrolmentWiring w = open(clock, store, config.attendance().onlineCapPercent(), approved);
        w.service.approved().forEach(approved);
        return w;
    }

    private static EnrolmentWiring open(InstantSource clock, EnrolmentStore store, int onlineCapPercent,
                                        Consumer<EnrolledClass> approved) {
        ExecutorService workers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "enrolment");
            t.setDaemon(true);
            return t;
        });
        return new EnrolmentWiring(new EnrolmentService(store, clock, onlineCapPercent, LIMITS, approved), store, workers);
    }

    /**
     * {@code classes.requireApproval}: the listener that refuses {@code session.start} (264) in a
     * class not approved to open, and (issue H roster) the one that refuses {@code class.join} (265) to a
     * trainee not on an approved class's roster of user ids; with the setting off, none.
     */
    public List<ClassSessionListener> lessonGate(boolean requireApproval) {
        return requireApproval ? List.of(new ApprovedClassesOnly(service), new RosterMembersOnly(service)) : List.of();
    }

    public EnrolmentService service() {
        return service;
    }

    /** Enrolment records that could not be read at start (left as they are; see the log). */
    public int unreadable() {
        return store instanceof FileEnrolmentStore files ? files.unreadable().size() : 0;
    }

    public List<ApiRoute> routes(TokenService tokens) {
        return List.of(new EnrolmentApi(tokens, service, workers));
    }

    /** A class's roster, attendance and results as CSV and .xlsx, from the proctoring and assessment modules. */
    public List<ApiRoute> exportRoutes(TokenService tokens, AssessmentWiring assessment) {
        ClassExports exports = new ClassExports(assessment::attendance, assessment::results);
        return List.of(new ClassExportApi(tokens, service, exports,
                (who, c) -> assessment.auditRegulatorRead(who, List.of(c), "class-export"), workers));
    }

    /**
     * offline: the approved plans' offline days become the classes' OFFLINE lessons in every
     * attendance report ({@code proctoring.usePlannedLessons}), and their lecturers' roll call is
     * {@code /api/classes/{id}/offline...} (docs/attendance-rules.md).
     */
    public List<ApiRoute> offlineRoutes(TokenService tokens, ProctoringWiring proctoring, InstantSource clock) {
        OfflineLessons offline = new OfflineLessons(service, proctoring.attendance());
        proctoring.usePlannedLessons(offline);
        return List.of(new RollCallApi(tokens, offline, proctoring.store(), proctoring.trace(), proctoring.attendance(),
                clock, proctoring.blocking()));
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store instanceof PostgresEnrolmentStore db) {
            db.close();
        }
    }
}
