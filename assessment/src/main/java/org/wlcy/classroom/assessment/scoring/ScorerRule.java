package org.wlcy.classroom.assessment.scoring;

import java.util.Set;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * Art. 7(5): 当地创业培训主管部门应组织<em>非授课讲师</em>对实践成果进行评分. A lecturer taught a class
 * when the class lists them as one of its lecturers or when they ever started a lesson of it; such
 * a lecturer is never assigned as a scorer, and an assigned scorer who later teaches it loses the
 * right to score it.
 */
public final class ScorerRule {
    private ScorerRule() {
    }

    /** Refuses (250) a scorer who taught the class. */
    public static void requireDidNotTeach(UserId scorer, Set<UserId> taught) {
        if (taught.contains(scorer)) {
            throw new ClassroomException(ErrorCode.SCORER_TAUGHT_CLASS, scorer.value()
                    + " taught this class; practical results are scored by a lecturer who did not (Art. 7(5))");
        }
    }
}
