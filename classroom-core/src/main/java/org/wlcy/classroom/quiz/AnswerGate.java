package org.wlcy.classroom.quiz;

import java.util.Optional;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * A port through which another module may lock exercises for a trainee (the proctoring module:
 * too many tab switches in this lesson, Art. 24(3)). Called on the class's lane; must not block.
 */
@FunctionalInterface
public interface AnswerGate {

    /** Why {@code trainee} may not answer now (shown to them with error 218), or empty. */
    Optional<String> refuse(LiveClassroom classroom, UserId trainee);

    /** Never refuses. */
    AnswerGate OPEN = (classroom, trainee) -> Optional.empty();
}
