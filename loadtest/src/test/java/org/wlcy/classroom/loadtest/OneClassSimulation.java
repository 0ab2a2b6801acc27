package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One class at full size: 2 lecturers and 30 trainees in a live lesson ({@link ClassroomLoad}).
 * Properties (all {@code -Dload.*}): baseUrl, lecturers (2), trainees (30), tickSeconds (1),
 * rampSeconds (5), warmupSeconds (5), duration (60 s of load), exerciseEverySeconds (30), and
 * the action percentages of {@link ClassroomLoad.Mix}.
 */
public class OneClassSimulation extends Simulation {
    private final int lecturers = LoadSettings.integer("lecturers", 2);
    private final int trainees = LoadSettings.integer("trainees", 30);
    private final Duration ramp = LoadSettings.seconds("rampSeconds", 5);
    private final Duration warmup = LoadSettings.seconds("warmupSeconds", 5);
    private final Duration load = LoadSettings.seconds("duration", 60);

    {
        String prefix = "one-" + LoadSettings.runTag();
        List<Map<String, Object>> lecturerFeed =
                Tokens.issue(Tokens.classes(prefix, 1, lecturers, trainees, "lecturer"));
        List<Map<String, Object>> traineeFeed =
                Tokens.issue(Tokens.classes(prefix, 1, lecturers, trainees, "trainee"));
        Duration tick = LoadSettings.seconds("tickSeconds", 1);
        setUp(
                ClassroomLoad.lecturers(lecturerFeed, tick, LoadSettings.seconds("exerciseEverySeconds", 30))
                        .injectOpen(atOnceUsers(lecturers)),
                ClassroomLoad.trainees(traineeFeed, tick, ClassroomLoad.Mix.fromSettings())
                        .injectOpen(nothingFor(Duration.ofSeconds(1)), rampUsers(trainees).during(ramp)))
                .protocols(Signalling.protocol())
                .maxDuration(ramp.plus(load).plusSeconds(60));
    }

    @Override
    public void before() {
        Timeline.start(ramp.plusSeconds(3), warmup, load);
    }

    @Override
    public void after() {
        Deliveries.report("OneClassSimulation", lecturers + trainees);
    }
}
