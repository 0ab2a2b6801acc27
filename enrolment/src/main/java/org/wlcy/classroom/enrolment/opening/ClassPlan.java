package org.wlcy.classroom.enrolment.opening;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an institution applies to open (开班申请): the class, its two lecturers and its schedule of
 * training days. {@link #problems} holds it to the guideline: two lecturers teach each class
 * (Art. 7(2)); at least 7 days and 56 class hours (Art. 7(3)); online days only within the share the
 * blended-learning rule allows (Art. 7(3) note 2, 中就培函〔2020〕53号; a setting, 50 % by default).
 */
public record ClassPlan(String classId, String name, String institution, String region, List<String> lecturers,
                        List<LessonDay> days) {
    /** Art. 7(3): 原则上不少于 7 天，56 课时. */
    public static final int MIN_DAYS = 7;
    public static final int MIN_CLASS_HOURS = 56;
    /** Art. 7(2): 每期学员班由 2 名讲师共同授课. */
    public static final int LECTURERS = 2;
    private static final int MAX_HOURS_A_DAY = 12;

    public ClassPlan {
        lecturers = List.copyOf(lecturers);
        days = List.copyOf(days);
    }

    public int classHours() {
        return days.stream().mapToInt(LessonDay::classHours).sum();
    }

    public int onlineClassHours() {
        return days.stream().filter(LessonDay::online).mapToInt(LessonDay::classHours).sum();
    }

    /** Everything that keeps the plan from being applied for; empty when it may be. */
    public List<PlanProblem> problems(int onlineCapPercent) {
        List<PlanProblem> p = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            p.add(new PlanProblem("name", PlanProblem.NAME, "a name of 1 to 100 characters"));
        }
        if (region == null || !region.matches("[1-9][0-9]{5}")) {
            p.add(new PlanProblem("region", PlanProblem.REGION, "a six-digit administrative division code (GB/T 2260)"));
        }
        if (lecturers.size() != LECTURERS || new HashSet<>(lecturers).size() != LECTURERS) {
            p.add(new PlanProblem("lecturers", PlanProblem.LECTURERS, "two different lecturers teach a class (Art. 7(2))"));
        }
        Set<java.time.LocalDate> dates = new HashSet<>();
        for (int i = 0; i < days.size(); i++) {
            LessonDay d = days.get(i);
            if (d.classHours() < 1 || d.classHours() > MAX_HOURS_A_DAY) {
                p.add(new PlanProblem("days[" + i + "].classHours", PlanProblem.DAY_HOURS,
                        "1 to " + MAX_HOURS_A_DAY + " class hours a day"));
            }
            if (!dates.add(d.date())) {
                p.add(new PlanProblem("days[" + i + "].date", PlanProblem.DAY_TWICE, d.date() + " is planned twice"));
            }
        }
        if (dates.size() < MIN_DAYS) {
            p.add(new PlanProblem("days", PlanProblem.TOO_FEW_DAYS,
                    "at least " + MIN_DAYS + " training days (Art. 7(3)); the plan has " + dates.size()));
        }
        if (classHours() < MIN_CLASS_HOURS) {
            p.add(new PlanProblem("days", PlanProblem.TOO_FEW_HOURS,
                    "at least " + MIN_CLASS_HOURS + " class hours (Art. 7(3)); the plan has " + classHours()));
        }
        if (classHours() > 0 && onlineClassHours() * 100L > (long) onlineCapPercent * classHours()) {
            p.add(new PlanProblem("days", PlanProblem.ONLINE_SHARE, "online class hours " + onlineClassHours() + " of "
                    + classHours() + " are more than " + onlineCapPercent + " %"));
        }
        return p;
    }
}
