package org.wlcy.classroom.proctoring.live;

import java.util.Optional;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.quiz.AnswerGate;
import org.wlcy.classroom.session.LiveClassroom;

/**
 * Locks exercises for a trainee who switched away from the lesson {@link ProctorPolicy#exerciseLockAfter()}
 * times or more in this lesson (切屏, Art. 24(3)); the count starts again with each lesson. The
 * trainee is told why (error 218). Reads the proctoring wall's count on the class's lane.
 */
public final class TabSwitchLock implements AnswerGate {
    private final ProctorPolicy policy;

    public TabSwitchLock(ProctorPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Optional<String> refuse(LiveClassroom classroom, UserId trainee) {
        int limit = policy.exerciseLockAfter();
        if (limit <= 0) {
            return Optional.empty();
        }
        int switches = ProctoringService.of(classroom).tabSwitches(trainee);
        if (switches < limit) {
            return Optional.empty();
        }
        return Optional.of("本节课你已切屏 " + switches + " 次（达到 " + limit + " 次即锁定练习），本节课的练习已锁定，"
                + "请联系讲师。Exercises are locked for you in this lesson: you switched away from it " + switches
                + " times (the limit is " + limit + ").");
    }
}
