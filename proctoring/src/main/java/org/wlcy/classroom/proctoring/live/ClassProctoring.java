package org.wlcy.classroom.proctoring.live;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ProctorMessages.ProctorStateEvent;

/** The proctoring wall of one class: every trainee seen in it. Lives on the class's lane. */
public final class ClassProctoring {
    private final Map<UserId, TraineeWatch> trainees = new LinkedHashMap<>();

    TraineeWatch watch(Participant p) {
        TraineeWatch w = trainees.computeIfAbsent(p.userId(), id -> new TraineeWatch(id, p.displayName()));
        w.displayName = p.displayName();
        return w;
    }

    TraineeWatch watch(UserId user) {
        return trainees.get(user);
    }

    void newLesson() {
        trainees.values().forEach(TraineeWatch::newLesson);
    }

    /** How often the trainee switched away in this lesson (for exercise locking, issue B). */
    public int tabSwitches(UserId user) {
        TraineeWatch w = trainees.get(user);
        return w == null ? 0 : w.tabSwitches;
    }

    ProctorStateEvent state(Instant now) {
        List<TraineeWatch> sorted = trainees.values().stream()
                .sorted(Comparator.comparing((TraineeWatch w) -> !w.present).thenComparing(w -> w.userId.value()))
                .toList();
        return new ProctorStateEvent(sorted.stream().map(w -> w.view(now)).toList());
    }
}
