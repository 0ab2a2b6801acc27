package org.wlcy.classroom.gateway.assessment;

import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.assessment.AssessmentService;
import org.wlcy.classroom.assessment.forms.Form;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.protocol.FormMessages.FormOpenedEvent;
import org.wlcy.classroom.session.ClassSession;
import org.wlcy.classroom.session.ClassSessionListener;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * Forms put to a class without being asked (Art. 9): when a lesson ends, the day's feedback form if
 * the class has none for that day ({@link AssessmentService#putDailyFormAfterLesson}); and for every
 * form that opens, {@code form.opened} to the class's trainees present. The listener is called on
 * the class's lane and hands the durable write to the assessment workers; the event goes out on the
 * lane again.
 */
final class FormNotices implements ClassSessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(FormNotices.class);
    private final AssessmentService service;
    private final Executor workers;
    private final InstantSource clock;
    private volatile Function<ClassroomId, Optional<LiveClassroom>> classes = c -> Optional.empty();

    FormNotices(AssessmentService service, Executor workers, InstantSource clock) {
        this.service = service;
        this.workers = workers;
        this.clock = clock;
    }

    void attach(Function<ClassroomId, Optional<LiveClassroom>> resolver) {
        this.classes = resolver;
    }

    @Override
    public void onSessionEnded(ClassSession session) {
        try {
            workers.execute(() -> {
                try {
                    service.putDailyFormAfterLesson(session.classroomId(), session.startedAt(), session.startedBy())
                            .ifPresent(this::opened);
                } catch (RuntimeException e) {
                    LOG.error("the daily form after lesson {} of {} could not be put", session.id(),
                            session.classroomId(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("shutting down: no daily form after lesson {} of {}", session.id(), session.classroomId());
        }
    }

    /** Tells the class's trainees present that {@code f} is open, if it is open now. */
    void opened(Form f) {
        if (!f.isOpen(clock.instant())) {
            return;
        }
        FormOpenedEvent event = new FormOpenedEvent(f.formId(), f.kind().wire(), f.day() == null ? null : f.day().toString(),
                f.opensAt(), f.closesAt());
        classes.apply(f.classroomId()).ifPresent(c -> c.lane().execute(
                () -> c.sendTo(p -> p.role() == Role.TRAINEE, event)));
    }
}
