package org.wlcy.classroom.gateway.enrolment;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.session.ClassSessionListener;

/**
 * {@code classes.requireApproval} (issue H): a lesson starts only in a class whose opening
 * application was approved; otherwise {@code session.start} gets 264 and the class goes on. A class
 * known only from token claims has no application, so it is refused too. Approval is final, so an
 * approved class is remembered and the store is asked again only about the others (one read per
 * refused attempt, on the class's lane).
 */
final class ApprovedClassesOnly implements ClassSessionListener {
    private final EnrolmentService service;
    private final Set<ClassroomId> approved = ConcurrentHashMap.newKeySet();

    ApprovedClassesOnly(EnrolmentService service) {
        this.service = service;
    }

    @Override
    public void checkSessionStart(ClassroomId classroom) {
        if (approved.contains(classroom)) {
            return;
        }
        Optional<String> refusal = service.lessonRefusal(classroom.value());
        if (refusal.isPresent()) {
            throw new ClassroomException(ErrorCode.CLASS_NOT_APPROVED, refusal.get());
        }
        approved.add(classroom);
    }
}
