package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Most fan-out: classes of {@code perClass} (1 lecturer, who starts the lesson, and trainees);
 * in each class {@code senders} trainees take turns sending, alternating {@code chat.send} (to the
 * class) and {@code danmaku.send}, at {@code perClassRate} messages/s in total, and everyone in the
 * class, the sender included, receives every message. Each text carries its send time; every
 * receiving connection times it ({@link Deliveries}: deliveries/s and send → receive latency over
 * the measured window). Only frames a Node {@code ws} server can answer too
 * ({@code loadtest/baseline}), so the same run measures both.
 *
 * <p>Against the gateway, the trainees' chat and danmaku limits must be raised (scripts/loadtest.sh
 * does), else most sends get error 106: this measures fan-out, not the limiter.
 *
 * <p>With {@code room=true} (the gateway only: issue I's practice live room) each lecturer opens the
 * class's live room once everyone has joined and hands the host role to the last trainee, who
 * puts a product on the shelf and pins it; then every third send of a sender is
 * {@code commerce.order.place} for it (its stock change goes to the whole class, the dashboard to
 * the host and lecturer), so the chat and danmaku are timed with the room's traffic around them.
 *
 * <p>Properties ({@code -Dload.*}): baseUrl, classes (10), perClass (30), senders (10),
 * perClassRate (20), rampSeconds (10), warmupSeconds (5), duration (30), drainMillis (200), room (false).
 */
public class FanoutSimulation extends Simulation {
    private final int classes = LoadSettings.integer("classes", 10);
    private final int perClass = LoadSettings.integer("perClass", 30);
    private final int senders = LoadSettings.integer("senders", 10);
    private final double perClassRate = LoadSettings.decimal("perClassRate", 20);
    private final Duration ramp = LoadSettings.seconds("rampSeconds", 10);
    private final Duration warmup = LoadSettings.seconds("warmupSeconds", 5);
    private final Duration load = LoadSettings.seconds("duration", 30);
    private final Duration drainEvery = Duration.ofMillis(LoadSettings.integer("drainMillis", 200));
    private final boolean room = Boolean.parseBoolean(System.getProperty("load.room", "false"));
    /** Classes whose host is set, and the product each host pinned (the senders order it). */
    private static final java.util.Set<String> HOSTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Map<String, String> PRODUCTS = new java.util.concurrent.ConcurrentHashMap<>();

    {
        String prefix = "fan-" + LoadSettings.runTag();
        int trainees = perClass - 1;
        List<Map<String, Object>> lecturerFeed = Tokens.issue(Tokens.classes(prefix, classes, 1, trainees, "lecturer"));
        List<Map<String, Object>> traineeFeed = Tokens.issue(Tokens.classes(prefix, classes, 1, trainees, "trainee"));
        Duration interval = Duration.ofMillis(Math.round(1000.0 * senders / perClassRate));

        ChainBuilder chatOrDanmaku = exec(s -> s)
                .doIfOrElse(s -> s.getInt("n") % 2 == 0)
                .then(Signalling.request("chat.send", (s, rid) -> {
                    long now = System.currentTimeMillis();
                    Deliveries.sent(now);
                    return "{\"type\":\"chat.send\",\"requestId\":\"" + rid + "\",\"text\":\"ts:" + now
                            + " fan-out\",\"to\":\"class\"}";
                }))
                .orElse(Signalling.request("danmaku.send", (s, rid) -> {
                    long now = System.currentTimeMillis();
                    Deliveries.sent(now);
                    return "{\"type\":\"danmaku.send\",\"requestId\":\"" + rid + "\",\"text\":\"ts:" + now + " 666\"}";
                }));
        // With the practice live room (issue I): every third send of a sender is an order for the
        // pinned product once the host has put it on the shelf; the orders' stock changes go to
        // the whole class and the dashboard to the host and lecturer (not timed: no send time).
        ChainBuilder send = exec(s -> s.set("n", s.contains("n") ? s.getInt("n") + 1 : 0))
                .doIfOrElse(s -> room && s.getInt("n") % 3 == 2 && PRODUCTS.containsKey(s.getString("classroomId")))
                .then(Signalling.request("commerce.order.place", (s, rid) -> "{\"type\":\"commerce.order.place\","
                        + "\"requestId\":\"" + rid + "\",\"productId\":\"" + PRODUCTS.get(s.getString("classroomId"))
                        + "\",\"quantity\":1}"))
                .orElse(chatOrDanmaku);
        ChainBuilder openRoom = io.gatling.javaapi.core.CoreDsl.doIf(s -> room).then(
                exec(Timeline.awaitLoad())
                        .exec(Signalling.simple("commerce.room.open", "\"title\":\"压测直播间\""))
                        .exec(Signalling.request("commerce.host.set", (s, rid) -> "{\"type\":\"commerce.host.set\","
                                + "\"requestId\":\"" + rid + "\",\"userId\":\"t" + String.format("%02d", trainees)
                                + "-" + s.getString("classroomId") + "\"}"))
                        .exec(s -> {
                            HOSTED.add(s.getString("classroomId"));
                            return s;
                        }));
        ChainBuilder host = exec(asLongAs(s -> !HOSTED.contains(s.getString("classroomId")) && Timeline.running())
                .on(exec(Inbox.drain()).exec(pause(Duration.ofMillis(100)))))
                .exec(Signalling.requestSaving("commerce.product.put", (s, rid) -> "{\"type\":\"commerce.product.put\","
                        + "\"requestId\":\"" + rid + "\",\"name\":\"高山红富士苹果 5斤装\",\"imageUrl\":\"/img/apple.jpg\","
                        + "\"priceFen\":3990,\"stock\":100000}", "productId"))
                .exec(Signalling.request("commerce.product.pin", (s, rid) -> "{\"type\":\"commerce.product.pin\","
                        + "\"requestId\":\"" + rid + "\",\"productId\":\"" + s.getString("productId") + "\"}"))
                .exec(s -> {
                    PRODUCTS.put(s.getString("classroomId"), s.getString("productId"));
                    return s;
                });

        setUp(
                scenario("lecturers").feed(io.gatling.javaapi.core.CoreDsl.listFeeder(lecturerFeed).queue())
                        .exec(Signalling.connectAndJoin())
                        .exec(Signalling.simple("session.start", ""))
                        .exec(openRoom)
                        .exec(Timeline.listenUntilEnd(drainEvery))
                        .exec(Timeline.finish())
                        .injectOpen(atOnceUsers(classes)),
                scenario("trainees").feed(io.gatling.javaapi.core.CoreDsl.listFeeder(traineeFeed).queue())
                        .exec(Signalling.connectAndJoin())
                        .exec(Timeline.awaitLoad())
                        .doIfOrElse(s -> s.getInt("index") <= senders)
                        .then(exec(s -> s.set("sender", true))
                                .exec(pause(s -> Duration.ofMillis(
                                        ThreadLocalRandom.current().nextLong(interval.toMillis() + 1))))
                                .exec(asLongAs(s -> Timeline.running()).on(exec(pace(interval)).exec(send))))
                        .orElse(exec(io.gatling.javaapi.core.CoreDsl.doIf(s -> room && s.getInt("index") == trainees)
                                .then(host)).exec(Timeline.listenUntilEnd(drainEvery)))
                        .exec(Timeline.finish())
                        .injectOpen(nothingFor(Duration.ofSeconds(1)), rampUsers(classes * trainees).during(ramp)))
                .protocols(Signalling.protocol())
                .maxDuration(ramp.plus(load).plusSeconds(60));
    }

    private static ChainBuilder pace(Duration interval) {
        return io.gatling.javaapi.core.CoreDsl.pace(interval);
    }

    @Override
    public void before() {
        Timeline.start(ramp.plusSeconds(3), warmup, load);
    }

    @Override
    public void after() {
        Deliveries.report("FanoutSimulation", perClass, perClass - Math.min(senders, perClass - 1));
    }
}
