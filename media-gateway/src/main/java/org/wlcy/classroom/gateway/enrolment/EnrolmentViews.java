package org.wlcy.classroom.gateway.enrolment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.opening.PlanProblem;
import org.wlcy.classroom.enrolment.roster.RosterEntry;
import org.wlcy.classroom.enrolment.roster.RosterPreview;
import org.wlcy.classroom.enrolment.roster.RosterProblem;

/** The JSON bodies of the enrolment REST API (docs/protocol.md "Classes and people"). Identity numbers only masked. */
public final class EnrolmentViews {
    private EnrolmentViews() {
    }

    /** A class with its plan, application steps and masked roster (also the partner API's, issue H partners). */
    public static Map<String, Object> of(EnrolledClass c, int onlineCapPercent) {
        ClassPlan p = c.application().plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classId", p.classId());
        m.put("name", p.name());
        m.put("institution", p.institution());
        m.put("region", p.region());
        m.put("lecturers", p.lecturers());
        m.put("days", p.days().stream().map(d -> Map.of("date", d.date().toString(), "classHours", d.classHours(),
                "online", d.online())).toList());
        m.put("classHours", p.classHours());
        m.put("onlineClassHours", p.onlineClassHours());
        m.put("onlineCapPercent", onlineCapPercent);
        m.put("state", c.application().state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("steps", c.application().steps().stream().map(EnrolmentViews::step).toList());
        m.put("problems", problems(p.problems(onlineCapPercent)));
        m.put("trainees", c.roster().size());
        m.put("roster", c.roster().stream().map(EnrolmentViews::entry).toList());
        m.put("rosterSummary", rosterSummary(c.roster(), p)); // issue H pages: the regulator's sex and age split
        return m;
    }

    // ---- issue H pages: sex and age split of a roster for the opening pages (ages at the first training day)
    static final List<String> AGE_BANDS = List.of("<25", "25-34", "35-44", "45-54", "55+");

    static Map<String, Object> rosterSummary(List<RosterEntry> roster, ClassPlan p) {
        java.time.LocalDate first = p.days().stream().map(d -> d.date()).min(java.util.Comparator.naturalOrder())
                .orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("male", roster.stream().filter(RosterEntry::male).count());
        m.put("female", roster.stream().filter(e -> !e.male()).count());
        m.put("ageAt", first == null ? null : first.toString());
        Map<String, Long> ages = new LinkedHashMap<>();
        AGE_BANDS.forEach(b -> ages.put(b, 0L));
        if (first != null) {
            for (RosterEntry e : roster) {
                int age = java.time.Period.between(e.idNumber().birthDate(), first).getYears();
                String band = age < 25 ? "<25" : age < 35 ? "25-34" : age < 45 ? "35-44" : age < 55 ? "45-54" : "55+";
                ages.merge(band, 1L, Long::sum);
            }
        }
        m.put("ages", ages);
        return m;
    }
    // ---- end issue H pages

    public static Map<String, Object> summary(EnrolledClass c) {
        ClassPlan p = c.application().plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classId", p.classId());
        m.put("name", p.name());
        m.put("institution", p.institution());
        m.put("region", p.region());
        m.put("state", c.application().state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("firstDay", p.days().stream().map(d -> d.date().toString()).sorted().findFirst().orElse(""));
        m.put("classHours", p.classHours());
        m.put("trainees", c.roster().size());
        List<OpeningApplication.Step> steps = c.application().steps();
        m.put("last", step(steps.get(steps.size() - 1)));
        return m;
    }

    private static Map<String, Object> step(OpeningApplication.Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("by", s.by());
        m.put("at", s.at().toString());
        if (!s.reason().isEmpty()) {
            m.put("reason", s.reason());
        }
        return m;
    }

    static List<Map<String, Object>> problems(List<PlanProblem> problems) {
        return problems.stream().map(x -> Map.<String, Object>of("field", x.field(), "code", x.code(),
                "detail", x.detail())).toList();
    }

    private static Map<String, Object> entry(RosterEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", e.line());
        m.put("name", e.name());
        m.put("idNumber", e.idNumber().masked());
        m.put("phone", e.phone().substring(0, 3) + "****" + e.phone().substring(7));
        m.put("gender", e.male() ? "男" : "女");
        m.put("direction", e.direction());
        m.put("userId", e.userId()); // issue H roster: the platform's user id, not personal data: not masked (null: none)
        return m;
    }

    static Map<String, Object> preview(RosterPreview p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", p.format());
        m.put("charset", p.charset());
        m.put("rowsRead", p.rowsRead());
        m.put("acceptable", p.acceptable());
        m.put("entries", p.entries().stream().map(EnrolmentViews::entry).toList());
        m.put("problems", p.problems().stream().map(EnrolmentViews::problem).toList());
        return m;
    }

    private static Map<String, Object> problem(RosterProblem x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", x.line());
        m.put("column", x.column());
        m.put("code", x.code());
        m.put("detail", x.detail());
        return m;
    }
}
