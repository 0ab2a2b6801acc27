package org.wlcy.classroom.proctoring.regulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.proctoring.attendance.AttendancePolicy;
import org.wlcy.classroom.proctoring.attendance.AttendanceStatus;
import org.wlcy.classroom.proctoring.attendance.Eligibility;
import org.wlcy.classroom.proctoring.attendance.LeaveReplay;
import org.wlcy.classroom.proctoring.attendance.LeaveRequest;
import org.wlcy.classroom.proctoring.attendance.Lesson;
import org.wlcy.classroom.proctoring.attendance.LessonAttendance;
import org.wlcy.classroom.proctoring.attendance.LessonMode;
import org.wlcy.classroom.proctoring.attendance.Reason;
import org.wlcy.classroom.proctoring.attendance.SignInMethod;
import org.wlcy.classroom.proctoring.regulator.ClassReport.LessonView;
import org.wlcy.classroom.proctoring.regulator.ClassReport.ReasonView;
import org.wlcy.classroom.proctoring.regulator.ClassReport.TraineeReport;
import org.wlcy.classroom.trace.TraceEvent;
import org.wlcy.classroom.trace.TraceKind;

/**
 * Builds regulators' reports from a class's trace: lessons from {@code lesson.started/ended},
 * trainees from their joins, attendance and eligibility by the Art. 7 rules
 * ({@code docs/attendance-rules.md}), institution and region from the tokens people joined with.
 * Pure: no I/O, the trace is passed in.
 */
public final class ClassReports {
    private ClassReports() {
    }

    /** Lessons that started in {@code [from, to)}; a lesson still live ends at {@code now}. */
    public static List<Lesson> lessons(List<TraceEvent> events, Instant from, Instant to, Instant now,
                                       AttendancePolicy policy) {
        return lessons(events, List.of(), from, to, now, policy);
    }

    /**
     * The live lessons of the trace, and the {@code planned} ones (offline days of the class's plan)
     * that start in {@code [from, to)} and have started by {@code now} (a planned day still to come
     * is not missed yet), in order of start. A planned lesson whose id the trace already has as a
     * live lesson is left out.
     */
    public static List<Lesson> lessons(List<TraceEvent> events, List<Lesson> planned, Instant from, Instant to,
                                       Instant now, AttendancePolicy policy) {
        List<Lesson> out = new ArrayList<>(liveLessons(events, from, to, now, policy));
        Set<String> live = out.stream().map(Lesson::id).collect(Collectors.toSet());
        for (Lesson l : planned) {
            if (!live.contains(l.id()) && !l.start().isBefore(from) && l.start().isBefore(to) && !l.start().isAfter(now)) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparing(Lesson::start));
        return out;
    }

    private static List<Lesson> liveLessons(List<TraceEvent> events, Instant from, Instant to, Instant now,
                                            AttendancePolicy policy) {
        Map<String, Instant> starts = new LinkedHashMap<>();
        Map<String, Instant> ends = new HashMap<>();
        for (TraceEvent e : events) {
            Object id = e.data().get("sessionId");
            if (!(id instanceof String sid)) {
                continue;
            }
            if (e.kind() == TraceKind.SESSION_STARTED) {
                starts.putIfAbsent(sid, e.recordedAt());
            } else if (e.kind() == TraceKind.SESSION_ENDED) {
                ends.put(sid, e.recordedAt());
            }
        }
        List<Lesson> out = new ArrayList<>();
        starts.forEach((sid, start) -> {
            if (start.isBefore(from) || !start.isBefore(to)) {
                return;
            }
            Instant end = ends.getOrDefault(sid, now);
            if (!end.isAfter(start)) {
                end = start.plusSeconds(1);
            }
            long hours = Duration.between(start, end).toMinutes() / policy.classHourMinutes();
            out.add(new Lesson(sid, start, end, LessonMode.ONLINE, (int) hours));
        });
        return out;
    }

    /**
     * Trainees of the class: everyone who joined as a trainee, asked for leave, watched the
     * class's videos (on-demand lessons, replays) or is on a roll call.
     */
    public static Map<UserId, String> trainees(List<TraceEvent> events) {
        Map<UserId, String> names = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.kind() == TraceKind.JOINED && "trainee".equals(e.data().get("role"))) {
                Object name = e.data().get("name");
                names.put(e.userId(), name instanceof String s && !s.isBlank() ? s : e.userId().value());
            } else if (e.kind() == TraceKind.LEAVE_REQUESTED || e.kind() == TraceKind.PLAYBACK_PROGRESS
                    || e.kind() == TraceKind.ROLL_CALL) {
                names.putIfAbsent(e.userId(), e.userId().value());
            }
        }
        return names;
    }

    /** One trainee's learning from the class's videos in a range, from the watch rules' decisions. */
    record VideoLearning(long minutes, int completed) {
        static VideoLearning of(List<TraceEvent> own, Instant from, Instant to) {
            long ms = 0;
            Set<Object> completed = new java.util.HashSet<>();
            for (TraceEvent e : own) {
                if (e.kind() != TraceKind.PLAYBACK_PROGRESS || e.recordedAt().isBefore(from)
                        || !e.recordedAt().isBefore(to) || Boolean.FALSE.equals(e.data().get("counts"))) {
                    continue;
                }
                Object decision = e.data().get("decision");
                if ("credited".equals(decision) && e.data().get("creditedMs") instanceof Long credited) {
                    ms += credited;
                } else if ("completed".equals(decision)) {
                    completed.add(e.data().get("videoId"));
                }
            }
            return new VideoLearning(ms / 60_000, completed.size());
        }
    }

    public static ClassReport build(ClassroomId id, List<TraceEvent> events, Instant from, Instant to, Instant now,
                                    AttendancePolicy policy) {
        return build(id, events, List.of(), from, to, now, policy);
    }

    /** The report with the class's {@code planned} lessons (its plan's offline days) besides the live ones. */
    public static ClassReport build(ClassroomId id, List<TraceEvent> events, List<Lesson> planned, Instant from,
                                    Instant to, Instant now, AttendancePolicy policy) {
        List<Lesson> lessons = lessons(events, planned, from, to, now, policy);
        Set<String> lessonIds = lessons.stream().map(Lesson::id).collect(Collectors.toSet());
        Map<UserId, String> trainees = trainees(events);
        List<LeaveRequest> leaves = LeaveReplay.of(events, policy).all();
        Map<UserId, List<TraceEvent>> byUser = events.stream()
                .collect(Collectors.groupingBy(TraceEvent::userId, LinkedHashMap::new, Collectors.toList()));

        List<TraineeReport> reports = new ArrayList<>();
        long attendedAll = 0;
        long expectedAll = 0;
        double hoursAll = 0;
        int switchesAll = 0;
        int faceAll = 0;
        int eligible = 0;
        // Points possible: every scored exercise started in the range's lessons counts for everyone.
        long possible = events.stream().filter(e -> e.kind() == TraceKind.EXERCISE_STARTED && inLessons(e, lessonIds)
                && e.data().containsKey("correct") && e.data().get("points") instanceof Long)
                .mapToLong(e -> (Long) e.data().get("points")).sum();
        long wonAll = 0;
        for (Map.Entry<UserId, String> t : trainees.entrySet()) {
            List<TraceEvent> own = byUser.getOrDefault(t.getKey(), List.of());
            List<LessonAttendance> attendances = LessonAttendance.evaluateAll(t.getKey(), lessons, own, leaves, policy);
            Eligibility verdict = Eligibility.assess(t.getKey(), attendances, policy);
            int attended = (int) attendances.stream().filter(a -> a.status().attended()).count();
            int late = (int) attendances.stream().filter(a -> a.status().late()).count();
            int early = (int) attendances.stream().filter(a -> a.status().leftEarly()).count();
            int absences = (int) attendances.stream().filter(a -> a.status() == AttendanceStatus.ABSENT).count();
            int onLeave = (int) attendances.stream().filter(a -> a.status() == AttendanceStatus.ON_LEAVE).count();
            int signed = (int) attendances.stream().filter(a -> a.signIn() != SignInMethod.NONE).count();
            int switches = (int) own.stream().filter(e -> e.kind() == TraceKind.TAB_SWITCH_WARNING
                    && inLessons(e, lessonIds)).count();
            int face = (int) own.stream().filter(e -> e.kind() == TraceKind.FACE_CHECK && inLessons(e, lessonIds)
                    && isFaceFlag(e)).count();
            List<TraceEvent> answers = own.stream().filter(e -> e.kind() == TraceKind.EXERCISE_ANSWER
                    && inLessons(e, lessonIds) && e.data().get("score") instanceof Long).toList();
            long won = answers.stream().mapToLong(e -> (Long) e.data().get("score")).sum();
            wonAll += won;
            VideoLearning videos = VideoLearning.of(own, from, to);
            reports.add(new TraineeReport(t.getKey(), t.getValue(), lessons.size(), attended, late, early, absences,
                    onLeave, verdict.figures().creditedClassHours(), verdict.figures().creditedOnlineClassHours(),
                    switches, face, signed, verdict.eligible(),
                    verdict.reasons().stream().map(ClassReports::view).toList(), answers.size(), won, possible,
                    possible == 0 ? null : Math.round(1000.0 * won / possible) / 1000.0,
                    videos.minutes(), videos.completed()));
            attendedAll += attended;
            expectedAll += lessons.size() - onLeave;
            hoursAll += verdict.figures().creditedClassHours().doubleValue();
            switchesAll += switches;
            faceAll += face;
            eligible += verdict.eligible() ? 1 : 0;
        }
        double rate = expectedAll == 0 ? 0 : Math.round(1000.0 * attendedAll / expectedAll) / 1000.0;
        double avgHours = trainees.isEmpty() ? 0 : Math.round(10.0 * hoursAll / trainees.size()) / 10.0;
        return new ClassReport(id, mostCommon(events, "inst"), mostCommon(events, "region"),
                lessons.stream().map(l -> new LessonView(l.id(), l.start(), l.end(),
                        l.mode().name().toLowerCase(java.util.Locale.ROOT))).toList(),
                reports, rate, avgHours, switchesAll, faceAll, eligible, reports.size() - eligible,
                possible == 0 || trainees.isEmpty() ? null
                        : Math.round(1000.0 * wonAll / (possible * trainees.size())) / 1000.0);
    }

    /** One trainee's own events in the range, in log order. */
    public static List<TraceEvent> timeline(List<TraceEvent> events, UserId user, Instant from, Instant to) {
        return events.stream().filter(e -> e.userId().equals(user) && !e.recordedAt().isBefore(from)
                && e.recordedAt().isBefore(to)).sorted(Comparator.comparingLong(TraceEvent::index)).toList();
    }

    /** One trainee's attendance lesson by lesson. */
    public static List<LessonAttendance> attendance(List<TraceEvent> events, UserId user, Instant from, Instant to,
                                                    Instant now, AttendancePolicy policy) {
        return attendance(events, List.of(), user, from, to, now, policy);
    }

    /** One trainee's attendance lesson by lesson, the class's {@code planned} lessons included. */
    public static List<LessonAttendance> attendance(List<TraceEvent> events, List<Lesson> planned, UserId user,
                                                    Instant from, Instant to, Instant now, AttendancePolicy policy) {
        List<LeaveRequest> leaves = LeaveReplay.of(events, policy).all();
        List<TraceEvent> own = events.stream().filter(e -> e.userId().equals(user)).toList();
        return LessonAttendance.evaluateAll(user, lessons(events, planned, from, to, now, policy), own, leaves, policy);
    }

    public static ReasonView view(Reason r) {
        return new ReasonView(r.code().name(), r.severity().name(), r.article(), r.zh(), r.en());
    }

    private static boolean inLessons(TraceEvent e, Set<String> lessonIds) {
        return e.sessionId() != null && lessonIds.contains(e.sessionId());
    }

    private static boolean isFaceFlag(TraceEvent e) {
        Object r = e.data().get("result");
        return "no-face".equals(r) || "many-faces".equals(r);
    }

    private static String mostCommon(List<TraceEvent> events, String key) {
        Map<String, Long> counts = events.stream().filter(e -> e.kind() == TraceKind.JOINED)
                .map(e -> e.data().get(key)).filter(v -> v instanceof String s && !s.isBlank())
                .map(Objects::toString).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse("");
    }
}
