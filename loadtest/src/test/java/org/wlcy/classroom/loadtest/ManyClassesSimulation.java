package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Many classes in a lesson at once, each quieter than {@link OneClassSimulation}: by default 100
 * classes of 1 lecturer + 10 trainees, each person acting once per 4 s on average.
 * Properties ({@code -Dload.*}): baseUrl, classes (100), lecturers (1), trainees (10),
 * tickSeconds (4), rampSeconds (10), warmupSeconds (5), duration (60), exerciseEverySeconds (30).
 */
public class ManyClassesSimulation extends Simulation {
    private final int classes = LoadSettings.integer("classes", 100);
    private final int lecturers = LoadSettings.integer("lecturers", 1);
    private final int trainees = LoadSettings.integer("trainees", 10);
    private final Duration ramp = LoadSettings.seconds("rampSeconds", 10);
    private final Duration warmup = LoadSettings.seconds("warmupSeconds", 5);
    private final Duration load = LoadSettings.seconds("duration", 60);

    {
        String prefix = "many-" + LoadSettings.runTag();
        List<Map<String, Object>> lecturerFeed =
                Tokens.issue(Tokens.classes(prefix, classes, lecturers, trainees, "lecturer"));
        List<Map<String, Object>> traineeFeed =
                Tokens.issue(Tokens.classes(prefix, classes, lecturers, trainees, "trainee"));
        Duration tick = LoadSettings.seconds("tickSeconds", 4);
        setUp(
                ClassroomLoad.lecturers(lecturerFeed, tick, LoadSettings.seconds("exerciseEverySeconds", 30))
                        .injectOpen(rampUsers(classes * lecturers).during(Duration.ofSeconds(1))),
                ClassroomLoad.trainees(traineeFeed, tick, ClassroomLoad.Mix.fromSettings())
                        .injectOpen(nothingFor(Duration.ofSeconds(2)), rampUsers(classes * trainees).during(ramp)))
                .protocols(Signalling.protocol())
                .maxDuration(ramp.plus(load).plusSeconds(60));
    }

    @Override
    public void before() {
        Timeline.start(ramp.plusSeconds(4), warmup, load);
    }

    @Override
    public void after() {
        Deliveries.report("ManyClassesSimulation", lecturers + trainees);
    }
}
