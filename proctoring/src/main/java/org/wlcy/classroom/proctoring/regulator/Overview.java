package org.wlcy.classroom.proctoring.regulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Figures across classes, grouped by institution and by region (Art. 24(3)). */
public record Overview(List<ClassReport> classes, List<Group> byInstitution, List<Group> byRegion) {

    /**
     * One group of classes.
     *
     * @param attendanceRate lessons attended ÷ expected across the group's trainees (weighted)
     * @param eligibleRate   trainees eligible for assessment ÷ trainees
     */
    public record Group(String key, int classes, int trainees, double attendanceRate, double eligibleRate) {
    }

    public static Overview of(List<ClassReport> classes) {
        return new Overview(classes, group(classes, ClassReport::institution), group(classes, ClassReport::region));
    }

    private static List<Group> group(List<ClassReport> classes, Function<ClassReport, String> key) {
        Map<String, List<ClassReport>> groups = new LinkedHashMap<>();
        classes.forEach(c -> groups.computeIfAbsent(key.apply(c).isEmpty() ? "—" : key.apply(c), k -> new ArrayList<>())
                .add(c));
        List<Group> out = new ArrayList<>();
        groups.forEach((k, cs) -> {
            long attended = 0;
            long expected = 0;
            int trainees = 0;
            int eligible = 0;
            for (ClassReport c : cs) {
                for (ClassReport.TraineeReport t : c.trainees()) {
                    attended += t.attended();
                    expected += t.lessons() - t.leaves();
                }
                trainees += c.trainees().size();
                eligible += c.eligible();
            }
            out.add(new Group(k, cs.size(), trainees, expected == 0 ? 0 : round(1.0 * attended / expected),
                    trainees == 0 ? 0 : round(1.0 * eligible / trainees)));
        });
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
