package org.wlcy.classroom.gateway.enrolment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.roster.RosterEntry;
import org.wlcy.classroom.gateway.assessment.AssessmentWiring;
import org.wlcy.classroom.proctoring.regulator.ClassReport;

/**
 * The rows of a class's three exports (issue H, 互联互通、数据共享): the roster as imported (full
 * identity numbers and phones: the file is for the institution and its regulator), attendance
 * from the proctoring module's report of the whole trace (the regulator desk's figures), and
 * results as the regulator desk's {@code results.csv} has them.
 */
final class ClassExports {
    /** What can be exported, and its file name part in Chinese. */
    enum Kind {
        ROSTER("花名册"), ATTENDANCE("考勤"), RESULTS("考核结果");

        final String zh;

        Kind(String zh) {
            this.zh = zh;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Function<ClassroomId, ClassReport> attendance;
    private final Function<ClassroomId, AssessmentWiring.ResultRows> results;

    ClassExports(Function<ClassroomId, ClassReport> attendance,
                 Function<ClassroomId, AssessmentWiring.ResultRows> results) {
        this.attendance = attendance;
        this.results = results;
    }

    ExportTable table(EnrolledClass c, Kind kind) {
        return switch (kind) {
            case ROSTER -> roster(c);
            case ATTENDANCE -> attendance(c);
            case RESULTS -> {
                AssessmentWiring.ResultRows r = results.apply(new ClassroomId(c.classId()));
                yield new ExportTable(kind.zh, r.header(), resultRows(c, r.rows()));
            }
        };
    }

    private static ExportTable roster(EnrolledClass c) {
        List<List<Object>> rows = new ArrayList<>();
        boolean userIds = !RosterPeople.of(c).isEmpty(); // issue H roster: then a last column 学员编号 userId
        int n = 0;
        for (RosterEntry e : c.roster()) {
            List<Object> row = new ArrayList<>(List.of(++n, e.name(), e.idNumber().value(), e.phone(),
                    e.male() ? "男" : "女", e.direction(), c.classId(), c.application().plan().name()));
            if (userIds) {
                row.add(e.userId() == null ? "" : e.userId());
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("序号 no", "姓名 name", "身份证号 idNumber", "手机号 phone",
                "性别 gender", "创业方向 direction", "班级 classroomId", "班级名称 className"));
        if (userIds) {
            header.add("学员编号 userId");
        }
        return new ExportTable(Kind.ROSTER.zh, header, rows);
    }

    // ---- issue H roster: with user ids on the roster, every roster person is a row
    /** The reason of a roster trainee who never entered the classroom nor was on a roll call. */
    static final String NEVER_SEEN = "从未进入课堂 never entered the classroom";

    private static List<Object> with(List<Object> row, int index, Object value) {
        List<Object> out = new ArrayList<>(row);
        out.set(index, value);
        return out;
    }

    /** Results rows (RegulatorResultsApi.CSV_HEADER: userId at 4, name at 5) for every roster person. */
    private static List<List<Object>> resultRows(EnrolledClass c, List<List<Object>> traced) {
        var plan = c.application().plan();
        return RosterPeople.rows(c, traced, r -> (String) r.get(4), (r, name) -> with(r, 5, name),
                (u, name) -> java.util.Arrays.asList(c.classId(), plan.name(), plan.institution(), plan.region(), u, name,
                        "否 no", null, "否 no", "否 no", "", ""));
    }
    // ---- end issue H roster

    private ExportTable attendance(EnrolledClass c) {
        ClassReport report = attendance.apply(new ClassroomId(c.classId()));
        List<List<Object>> rows = new ArrayList<>();
        for (ClassReport.TraineeReport t : report.trainees()) {
            rows.add(List.of(t.userId().value(), t.name(), t.lessons(), t.attended(), t.late(), t.leftEarly(),
                    t.absences(), t.leaves(), t.creditedClassHours(), t.onlineClassHours(), t.tabSwitches(),
                    t.faceFlags(), t.signedIn(), t.videoMinutes(), t.videosCompleted(), t.eligible() ? "是 yes" : "否 no",
                    String.join("；", t.reasons().stream().map(ClassReport.ReasonView::zh).toList())));
        }
        rows = RosterPeople.rows(c, rows, r -> (String) r.get(0), (r, name) -> with(r, 1, name),
                (u, name) -> java.util.Arrays.asList(u, name, report.lessons().size(), 0, 0, 0, report.lessons().size(),
                        0, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, 0, 0, 0, 0L, 0, "否 no",
                        NEVER_SEEN)); // issue H roster: every roster person
        // The regulator desk's export.csv columns (RegulatorApi), for the same figures.
        return new ExportTable(Kind.ATTENDANCE.zh, List.of("学员编号 userId", "姓名 name", "课次 lessons",
                "出勤 attended", "迟到 late", "早退 leftEarly", "旷课 absences", "请假 leaves", "学时 creditedClassHours",
                "线上学时 onlineClassHours", "切屏 tabSwitches", "人脸异常 faceFlags", "签到 signedIn",
                "视频学习分钟 videoMinutes", "完成视频 videosCompleted", "可参加考核 eligible", "原因 reasons"), rows);
    }
}
