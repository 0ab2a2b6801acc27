package org.wlcy.classroom.gateway.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.ClassAssessment;
import org.wlcy.classroom.assessment.result.ClassResults;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.regulator.ClassReport;

/**
 * One class's attendance, results and certificates as the regulator desk and the results
 * endpoints compute them, for other readers (the partner API, issue H partners): the same engine, the
 * same views, nothing computed twice. Blocking (reads the class's trace): call it off the event loop.
 */
public final class ClassReads {
    private final AssessmentService service;
    private final AssessmentViews views;

    ClassReads(AssessmentService service, AssessmentViews views) {
        this.service = service;
        this.views = views;
    }

    /** The attendance engine's report of the class's whole trace, up to now (eligibility as the results see it). */
    public ClassReport attendance(ClassroomId c) {
        return views.report(c);
    }

    /** The class's results, each trainee's eligibility taken from {@code report}. */
    public ClassResults results(ClassReport report) {
        return results(service, views, report);
    }

    static ClassResults results(AssessmentService service, AssessmentViews views, ClassReport report) {
        String region = report.region() == null ? "" : report.region();
        String institution = report.institution() == null ? "" : report.institution();
        List<ClassResults.Attendee> attendees = views.facts(report).stream()
                .map(t -> new ClassResults.Attendee(t.userId(), t.name(), t.eligible())).toList();
        return ClassResults.of(service.state(report.classroomId()), institution, region, attendees);
    }

    /** The class's certificates, each as the assessment API shows it, with the holder's user id; by number. */
    public List<Map<String, Object>> certificates(ClassroomId c) {
        ClassAssessment a = service.state(c);
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserId t : a.trainees().keySet()) {
            a.certificate(t).ifPresent(s -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("userId", t.value());
                m.putAll(views.certificate(s, a.revoked(s.certificate().number())));
                out.add(m);
            });
        }
        out.sort(Comparator.comparing(m -> (String) m.get("number")));
        return out;
    }

    public String className(ClassroomId c) {
        return views.className(c);
    }
}
