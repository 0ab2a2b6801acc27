package org.wlcy.classroom.gateway.assessment;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.Classrooms;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * Issue G assembled: result assessment, feedback forms and e-certificates over the proctoring
 * module's trace (docs/adr/0018). Built by {@code Gateway.start} after the proctoring module.
 */
public final class AssessmentWiring implements AutoCloseable {
    private static final int PAGE = 10_000;
    private final AssessmentService service;
    private final ExecutorService workers;
    private final List<ApiRoute> routes = new ArrayList<>();
    private FormNotices notices;
    private ClassReads reads;
    private AssessmentViews views;
    private RegulatorReads regulatorReads;

    private AssessmentWiring(AssessmentService service, ExecutorService workers) {
        this.service = service;
        this.workers = workers;
    }

    public static AssessmentWiring open(ProctoringWiring proctoring, TokenService tokens, InstantSource clock,
                                        Function<ClassroomId, String> classNames, java.net.URI publicUrl,
                                        java.nio.file.Path dataDir, GatewayConfig.Assessment config) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "assessment-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AssessmentService.ClassEvents since = (c, from) -> {
            List<TraceEvent> out = new ArrayList<>();
            long next = from;
            while (true) {
                List<TraceEvent> page = proctoring.store().read(c, next, PAGE);
                out.addAll(page);
                if (page.size() < PAGE) {
                    return out;
                }
                next = page.get(page.size() - 1).index() + 1;
            }
        };
        AssessmentService service = new AssessmentService(proctoring.trace(), since, clock,
                proctoring.signer()::signTagged, proctoring.signer().keyId(), proctoring.attendance().zone());
        service.load(proctoring.store().classrooms());
        AssessmentWiring wiring = new AssessmentWiring(service, workers);
        AssessmentViews views = new AssessmentViews(c -> since.since(c, 0), classNames, proctoring.attendance(), clock,
                proctoring.plannedLessons()); // offline: the approved plans' offline days
        AssessmentPdfs pdfs = new AssessmentPdfs(publicUrl, proctoring.attendance().zone());
        wiring.notices = new FormNotices(service, workers, clock);
        wiring.reads = new ClassReads(service, views);
        RegulatorReads reads = new RegulatorReads(proctoring.trace(), clock);
        wiring.views = views;
        wiring.regulatorReads = reads;
        AttachmentStore attachments = new AttachmentStore(dataDir, config.maxAttachmentBytes());
        wiring.routes.add(new AssessmentApi(tokens, service, views, pdfs, wiring.notices, workers,
                new TraceLiveRoomSessions(proctoring.store()))); // issue I: the practice live room's sessions
        wiring.routes.add(new AttachmentApi(tokens, service, attachments, views, reads, workers));
        wiring.routes.add(new RegulatorResultsApi(tokens, service, views, () -> proctoring.store().classrooms(), reads,
                proctoring.attendance().zone(), clock, workers));
        return wiring;
    }

    /** Listens to lessons: the daily feedback form when one ends (before {@link #attach}, nobody is told). */
    public List<ClassSessionListener> listeners() {
        return List.of(notices);
    }

    /** How the {@code form.opened} notices find a live class. */
    public void attach(Classrooms classrooms) {
        notices.attach(id -> classrooms.all().stream().filter(c -> c.id().equals(id)).findFirst());
    }

    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    /** A class's attendance, results and certificates for other readers (the partner API). */
    public ClassReads reads() {
        return reads;
    }

    public AssessmentService service() {
        return service;
    }

    // ---- issue H: a class's exports (roster, attendance, results) ----------------------------------
    /** A class's results as {@code /api/regulator/results.csv} has them: its columns and one row per trainee. */
    public record ResultRows(List<String> header, List<List<Object>> rows) {
    }

    /** The results of one class, its trainees from attendance; values are text, or the score as a number. */
    public ResultRows results(ClassroomId c) {
        org.wlcy.classroom.proctoring.regulator.ClassReport report = views.report(c);
        List<List<Object>> rows = new ArrayList<>();
        if (!report.trainees().isEmpty()) {
            var r = ClassReads.results(service, views, report);
            String name = views.className(c);
            r.trainees().forEach(t -> rows.add(RegulatorResultsApi.rowValues(r, name, t)));
        }
        return new ResultRows(RegulatorResultsApi.CSV_HEADER, rows);
    }

    /** The attendance engine's report of a class's whole trace up to now (the regulator desk's figures). */
    public org.wlcy.classroom.proctoring.regulator.ClassReport attendance(ClassroomId c) {
        return reads.attendance(c);
    }

    /** Records a regulator's read of {@code classes} in their traces, durably, as the regulator desk does. */
    public void auditRegulatorRead(org.wlcy.classroom.participant.Identity who, List<ClassroomId> classes,
                                   String what) {
        regulatorReads.audit(who, classes, what, "", "", "");
    }
    // ---- end issue H -------------------------------------------------------------------------------

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
