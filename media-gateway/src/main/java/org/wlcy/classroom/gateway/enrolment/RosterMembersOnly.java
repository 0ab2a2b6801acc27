package org.wlcy.classroom.gateway.enrolment;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.session.ClassSessionListener;

/**
 * issue H roster, with {@code classes.requireApproval}: in an approved class whose roster gives the
 * platform's user ids, {@code class.join} is for the trainees on it and the plan's lecturers only
 * (265); regulators and admins are not held to it, and a roster without user ids keeps the token's
 * word alone. An approved class's roster and plan no longer change, so they are read once and kept;
 * a class not approved (yet) is asked about again at each join.
 */
final class RosterMembersOnly implements ClassSessionListener {
    /** Who may join an approved class: its trainees' and lecturers' user ids (none: no rule). */
    private record Members(Set<String> trainees, Set<String> lecturers) {
    }

    private static final Members NO_RULE = new Members(Set.of(), Set.of());
    private final EnrolmentService service;
    private final Map<ClassroomId, Members> approved = new ConcurrentHashMap<>();

    RosterMembersOnly(EnrolmentService service) {
        this.service = service;
    }

    @Override
    public void checkJoin(ClassroomId classroom, String userId, Role role) {
        if (role != Role.TRAINEE && role != Role.LECTURER) {
            return;
        }
        Members m = approved.get(classroom);
        if (m == null) {
            Optional<EnrolledClass> c = service.find(classroom.value());
            if (c.isEmpty() || c.get().application().state() != OpeningApplication.State.APPROVED) {
                return;
            }
            Set<String> trainees = c.get().rosterUserIds();
            m = trainees.isEmpty() ? NO_RULE : new Members(trainees, Set.copyOf(c.get().application().plan().lecturers()));
            approved.put(classroom, m);
        }
        if (m == NO_RULE) {
            return;
        }
        if (role == Role.TRAINEE && !m.trainees().contains(userId)) {
            throw new ClassroomException(ErrorCode.ROSTER_NOT_MEMBER,
                    "user " + userId + " is not on the roster of class " + classroom.value());
        }
        if (role == Role.LECTURER && !m.lecturers().contains(userId)) {
            throw new ClassroomException(ErrorCode.ROSTER_NOT_MEMBER,
                    "user " + userId + " is not a lecturer of class " + classroom.value() + " in its approved plan");
        }
    }
}
