package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * N trainees (classes of 30) connect, upgrade and join all at once, stay {@code holdSeconds},
 * then close. Gatling times {@code connect} (the upgrade, token check included) and
 * {@code class.join}; this also prints how long the whole storm took to be joined.
 * Properties ({@code -Dload.*}): baseUrl, connections (1500), perClass (30), holdSeconds (10).
 */
public class ConnectionStormSimulation extends Simulation {
    private static final AtomicLong LAST_JOINED = new AtomicLong();
    private static final LongAdder JOINED = new LongAdder();
    private static volatile long startedAt;

    private final int connections = LoadSettings.integer("connections", 1500);
    private final int perClass = LoadSettings.integer("perClass", 30);
    private final Duration hold = LoadSettings.seconds("holdSeconds", 10);

    {
        int classes = (connections + perClass - 1) / perClass;
        List<Map<String, Object>> feed = Tokens.issue(
                Tokens.classes("storm-" + LoadSettings.runTag(), classes, 0, perClass, "trainee"))
                .subList(0, connections);
        setUp(scenario("storm").feed(listFeeder(feed).queue())
                .exec(Signalling.connectAndJoin())
                .exec(s -> {
                    if (s.contains("lastReplyOk") && s.getBoolean("lastReplyOk")) {
                        JOINED.increment();
                        LAST_JOINED.accumulateAndGet(System.currentTimeMillis(), Math::max);
                    }
                    return s;
                })
                .exec(s -> s.set("holdUntil", System.currentTimeMillis() + hold.toMillis()))
                .asLongAs(s -> System.currentTimeMillis() < s.getLong("holdUntil")).on(
                        exec(pause(Duration.ofSeconds(1))).exec(Inbox.drain()).exec(Signalling.keepAlive()))
                .exec(Inbox.drain())
                .exec(ws("close").close())
                .injectOpen(atOnceUsers(connections)))
                .protocols(Signalling.protocol())
                .maxDuration(hold.plusSeconds(120));
    }

    @Override
    public void before() {
        startedAt = System.currentTimeMillis();
    }

    @Override
    public void after() {
        long joined = JOINED.sum();
        long tookMs = Math.max(1, LAST_JOINED.get() - startedAt);
        Deliveries.Summary.write("simulation=ConnectionStormSimulation\nstorm.connections=" + connections
                + "\nwindow.startMillis=" + startedAt + "\nwindow.endMillis=" + LAST_JOINED.get()
                + "\nstorm.joined=" + joined + "\nstorm.allJoinedAfter.ms=" + tookMs
                + "\nstorm.joinsPerSecond=" + Deliveries.fmt(joined * 1000.0 / tookMs) + "\n"
                + Replies.lines(tookMs / 1000.0));
    }
}
