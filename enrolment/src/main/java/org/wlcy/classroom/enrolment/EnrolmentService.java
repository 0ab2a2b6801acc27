package org.wlcy.classroom.enrolment;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.opening.PlanRefusedException;
import org.wlcy.classroom.enrolment.roster.RosterCheck;
import org.wlcy.classroom.enrolment.roster.RosterEntry;
import org.wlcy.classroom.enrolment.roster.RosterFiles;
import org.wlcy.classroom.enrolment.roster.RosterLimits;
import org.wlcy.classroom.enrolment.roster.RosterPreview;
import org.wlcy.classroom.enrolment.store.EnrolmentStore;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * Classes and people as data (issue H): an institution creates a class (its plan), imports its
 * roster (all or nothing) and applies to open it; the regulator of its region approves it or
 * returns it with a reason. One lock: these are rare, human-paced writes.
 */
public final class EnrolmentService {
    /** China Standard Time: the day an identity number's birth date is judged against. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final EnrolmentStore store;
    private final InstantSource clock;
    private final int onlineCapPercent;
    private final RosterLimits limits;
    private final Consumer<EnrolledClass> onApproved;

    public EnrolmentService(EnrolmentStore store, InstantSource clock, int onlineCapPercent, RosterLimits limits) {
        this(store, clock, onlineCapPercent, limits, c -> { });
    }

    /** {@code onApproved} is told of each class the regulator approves, after it is stored. */
    public EnrolmentService(EnrolmentStore store, InstantSource clock, int onlineCapPercent, RosterLimits limits,
                            Consumer<EnrolledClass> onApproved) {
        this.store = store;
        this.clock = clock;
        this.onlineCapPercent = onlineCapPercent;
        this.limits = limits;
        this.onApproved = onApproved;
    }

    /** Every approved class (approval is final: an approved application changes no more). */
    public List<EnrolledClass> approved() {
        return store.all().stream().filter(c -> c.application().approved()).toList();
    }

    /**
     * Why lessons may not start in {@code classId} yet, or empty when they may: the class must have
     * been created here and its opening application approved (Art. 24(3) 开班申请).
     */
    public Optional<String> lessonRefusal(String classId) {
        Optional<EnrolledClass> c = store.find(classId);
        if (c.isEmpty()) {
            return Optional.of("no institution created class " + classId + " here, so no regulator approved it to open;"
                    + " lessons start only in approved classes");
        }
        OpeningApplication a = c.get().application();
        return a.approved() ? Optional.empty() : Optional.of("the class-opening application of " + classId + " is "
                + a.state().name().toLowerCase(java.util.Locale.ROOT) + ": lessons start once the regulator approves it");
    }

    /** The class, if an institution created it here (offline: its plan's offline days for attendance). */
    public Optional<EnrolledClass> find(String classId) {
        return store.find(classId);
    }

    public int onlineCapPercent() {
        return onlineCapPercent;
    }

    public EnrolledClass get(String classId) {
        return store.find(classId).orElseThrow(() -> new ClassroomException(ErrorCode.CLASS_RECORD_NOT_FOUND,
                "no class " + classId + " was created"));
    }

    /** The classes of a region (a prefix of the six-digit code: "44" is the province), newest plan first. */
    public List<EnrolledClass> inRegion(String regionPrefix) {
        return store.all().stream().filter(c -> c.application().plan().region().startsWith(regionPrefix))
                .sorted(Comparator.comparing(EnrolledClass::classId)).toList();
    }

    /** Creates the class, or revises its plan while it is a draft or returned. */
    public synchronized EnrolledClass putPlan(ClassPlan plan, String by) {
        var existing = store.find(plan.classId());
        EnrolledClass next;
        if (existing.isEmpty()) {
            next = new EnrolledClass(OpeningApplication.draft(plan, by, clock.instant()), List.of());
        } else {
            if (!existing.get().application().plan().institution().equals(plan.institution())) {
                throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "class " + plan.classId()
                        + " belongs to another institution");
            }
            next = new EnrolledClass(state(() -> existing.get().application().revise(plan, by, clock.instant())),
                    existing.get().roster());
        }
        store.save(next);
        return next;
    }

    /** What importing this file would do; nothing is saved. */
    public RosterPreview preview(String classId, byte[] file) {
        EnrolledClass c = get(classId);
        RosterPreview p = RosterCheck.check(RosterFiles.read(file, limits), limits, enrolledIds(c), enrolledUserIds(c),
                clock.instant().atZone(CHINA).toLocalDate());
        // issue H roster: a class's trainees all have platform user ids or none do (else some could not join)
        boolean classHas = c.roster().stream().anyMatch(e -> e.userId() != null);
        boolean fileHas = p.entries().stream().anyMatch(e -> e.userId() != null);
        if (!c.roster().isEmpty() && !p.entries().isEmpty() && classHas != fileHas) {
            List<org.wlcy.classroom.enrolment.roster.RosterProblem> problems = new ArrayList<>(p.problems());
            problems.add(org.wlcy.classroom.enrolment.roster.RosterProblem.ofFile(
                    org.wlcy.classroom.enrolment.roster.RosterProblem.USER_ID_MIXED, classHas
                            ? "the class's trainees have user ids (学员编号): give every trainee of the file one"
                            : "the class's trainees have no user id (学员编号): import a file without the column"));
            p = new RosterPreview(p.format(), p.charset(), p.rowsRead(), p.entries(), problems);
        }
        return p;
    }

    /** Adds the file's trainees to the class, all of them or none (260 with the preview). */
    public synchronized RosterPreview importRoster(String classId, byte[] file) {
        EnrolledClass c = get(classId);
        OpeningApplication.State s = c.application().state();
        if (s == OpeningApplication.State.SUBMITTED || s == OpeningApplication.State.APPROVED) {
            throw new ClassroomException(ErrorCode.APPLICATION_STATE, "the roster of a " + s.name().toLowerCase()
                    + " application cannot change; it is what the regulator " + (s == OpeningApplication.State.APPROVED
                    ? "approved" : "is reviewing"));
        }
        RosterPreview p = preview(classId, file);
        if (!p.acceptable()) {
            throw new RosterRefusedException(p);
        }
        List<RosterEntry> roster = new ArrayList<>(c.roster());
        roster.addAll(p.entries());
        store.save(new EnrolledClass(c.application(), roster));
        return p;
    }

    /** The institution applies to open the class: the plan must have no problem and the roster a trainee. */
    public synchronized EnrolledClass submit(String classId, String by) {
        EnrolledClass c = get(classId);
        if (c.roster().isEmpty()) {
            throw new ClassroomException(ErrorCode.PLAN_REFUSED, "import the roster before applying");
        }
        OpeningApplication next;
        try {
            next = state(() -> c.application().submit(by, clock.instant(), onlineCapPercent));
        } catch (PlanRefusedException e) {
            throw new ClassroomException(ErrorCode.PLAN_REFUSED, e.getMessage(), e);
        }
        EnrolledClass saved = new EnrolledClass(next, c.roster());
        store.save(saved);
        return saved;
    }

    public synchronized EnrolledClass approve(String classId, String regulator) {
        EnrolledClass c = get(classId);
        EnrolledClass saved = new EnrolledClass(state(() -> c.application().approve(regulator, clock.instant())),
                c.roster());
        store.save(saved);
        onApproved.accept(saved);
        return saved;
    }

    public synchronized EnrolledClass returnWith(String classId, String reason, String regulator) {
        EnrolledClass c = get(classId);
        OpeningApplication next;
        try {
            next = state(() -> c.application().returnWith(reason, regulator, clock.instant()));
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "reason: " + e.getMessage());
        }
        EnrolledClass saved = new EnrolledClass(next, c.roster());
        store.save(saved);
        return saved;
    }

    private static Set<String> enrolledUserIds(EnrolledClass c) {
        return c.roster().stream().map(RosterEntry::userId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static Set<String> enrolledIds(EnrolledClass c) {
        return c.roster().stream().map(e -> e.idNumber().value()).collect(Collectors.toSet());
    }

    private static OpeningApplication state(java.util.function.Supplier<OpeningApplication> step) {
        try {
            return step.get();
        } catch (IllegalStateException e) {
            throw new ClassroomException(ErrorCode.APPLICATION_STATE, e.getMessage());
        }
    }
}
