package org.wlcy.classroom.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live lesson as pages drive it: lecturer 1 of each class starts the lesson and, every
 * {@code exerciseEvery}, a 20-second single-choice exercise that the trainees answer; everybody
 * chats, trainees send danmaku, likes, questions and votes, heartbeats and microphone levels
 * ({@code trace.append}) and pings. Each person acts on average once per {@code tick} (uniform
 * 0.5-1.5 × tick), choosing an action with the percentages below; text carries its send time so
 * chat and danmaku deliveries are timed too.
 */
final class ClassroomLoad {
    private static final AtomicLong EVENT_IDS = new AtomicLong();

    /** Percent of a trainee's ticks spent on each action (the rest: nothing). */
    record Mix(double chat, double danmaku, double like, double ask, double vote, double trace, double ping) {
        static Mix fromSettings() {
            return new Mix(LoadSettings.decimal("chatPercent", 7), LoadSettings.decimal("danmakuPercent", 7),
                    LoadSettings.decimal("likePercent", 15), LoadSettings.decimal("askPercent", 1),
                    LoadSettings.decimal("votePercent", 3), LoadSettings.decimal("tracePercent", 5),
                    LoadSettings.decimal("pingPercent", 5));
        }
    }

    private ClassroomLoad() {
    }

    static ScenarioBuilder lecturers(List<Map<String, Object>> feed, Duration tick, Duration exerciseEvery) {
        return scenario("lecturers").feed(listFeeder(feed).queue())
                .exec(Signalling.connectAndJoin())
                .doIf(s -> s.getInt("index") == 1).then(Signalling.simple("session.start", ""))
                .exec(Timeline.awaitLoad())
                .exec(s -> s.set("nextExercise", System.currentTimeMillis() + 3_000))
                .exec(asLongAs(s -> Timeline.running()).on(
                        exec(pause(jitter(tick)))
                                .exec(doIf(s -> s.getInt("index") == 1
                                        && System.currentTimeMillis() >= s.getLong("nextExercise")).then(
                                        exec(s -> s.set("nextExercise",
                                                System.currentTimeMillis() + exerciseEvery.toMillis()))
                                                .exec(exerciseStart())))
                                .exec(randomSwitch().on(
                                        percent(5).then(chat()),
                                        percent(5).then(Signalling.simple("ping", ""))))
                                .exec(Signalling.keepAlive())
                                .exec(Inbox.drain())))
                .exec(Timeline.finish());
    }

    static ScenarioBuilder trainees(List<Map<String, Object>> feed, Duration tick, Mix mix) {
        return scenario("trainees").feed(listFeeder(feed).queue())
                .exec(Signalling.connectAndJoin())
                .exec(Timeline.awaitLoad())
                .exec(asLongAs(s -> Timeline.running()).on(
                        exec(pause(jitter(tick)))
                                .exec(Inbox.drain())
                                .exec(doIf(s -> s.contains("exerciseId")
                                        && !s.getString("exerciseId").equals(s.getString("answered"))).then(
                                        exec(s -> s.set("answered", s.getString("exerciseId")))
                                                .exec(Signalling.request("exercise.answer", (s, rid) ->
                                                        "{\"type\":\"exercise.answer\",\"requestId\":\"" + rid
                                                                + "\",\"exerciseId\":\"" + s.getString("exerciseId")
                                                                + "\",\"choices\":["
                                                                + ThreadLocalRandom.current().nextInt(3) + "]}"))))
                                .exec(randomSwitch().on(
                                        percent(mix.chat()).then(chat()),
                                        percent(mix.danmaku()).then(danmaku()),
                                        percent(mix.like()).then(Signalling.request("like.send", (s, rid) ->
                                                "{\"type\":\"like.send\",\"requestId\":\"" + rid + "\",\"count\":"
                                                        + (1 + ThreadLocalRandom.current().nextInt(3)) + "}")),
                                        percent(mix.ask()).then(Signalling.request("qa.ask", (s, rid) ->
                                                "{\"type\":\"qa.ask\",\"requestId\":\"" + rid
                                                        + "\",\"text\":\"创业贷款怎么申请？（" + rid + "）\"}")),
                                        percent(mix.vote()).then(doIf(s -> s.contains("questionId")).then(
                                                Signalling.request("qa.vote", (s, rid) ->
                                                        "{\"type\":\"qa.vote\",\"requestId\":\"" + rid
                                                                + "\",\"questionId\":\"" + s.getString("questionId")
                                                                + "\",\"up\":true}"))),
                                        percent(mix.trace()).then(traceAppend()),
                                        percent(mix.ping()).then(Signalling.simple("ping", ""))))
                                .exec(Signalling.keepAlive())))
                .exec(Timeline.finish());
    }

    static ChainBuilder chat() {
        return Signalling.request("chat.send", (s, rid) -> {
            long now = System.currentTimeMillis();
            Deliveries.sent(now);
            return "{\"type\":\"chat.send\",\"requestId\":\"" + rid + "\",\"text\":\"ts:" + now
                    + " 老师，第三章的案例可以再讲一遍吗？\",\"to\":\"class\"}";
        });
    }

    static ChainBuilder danmaku() {
        return Signalling.request("danmaku.send", (s, rid) -> {
            long now = System.currentTimeMillis();
            Deliveries.sent(now);
            return "{\"type\":\"danmaku.send\",\"requestId\":\"" + rid + "\",\"text\":\"ts:" + now + " 讲得好！\"}";
        });
    }

    static ChainBuilder exerciseStart() {
        return Signalling.simple("exercise.start", "\"kind\":\"single\",\"prompt\":\"网店开业前需要先办理什么？\","
                + "\"options\":[\"营业执照\",\"出国签证\",\"驾驶证\"],\"correct\":[0],\"seconds\":20,\"points\":10");
    }

    /** A page's heartbeat (every 30 s in the pages) or a microphone level, as trace events. */
    static ChainBuilder traceAppend() {
        return Signalling.request("trace.append", (s, rid) -> {
            String id = s.getString("userId") + "-" + EVENT_IDS.incrementAndGet();
            String at = Instant.now().toString();
            String event = ThreadLocalRandom.current().nextBoolean()
                    ? "{\"id\":\"" + id + "\",\"kind\":\"presence.heartbeat\",\"clientTime\":\"" + at
                            + "\",\"data\":{\"visible\":true}}"
                    : "{\"id\":\"" + id + "\",\"kind\":\"proctor.audio\",\"clientTime\":\"" + at
                            + "\",\"data\":{\"muted\":false,\"level\":"
                            + ThreadLocalRandom.current().nextInt(101) + "}}";
            return "{\"type\":\"trace.append\",\"requestId\":\"" + rid + "\",\"events\":[" + event + "]}";
        });
    }

    static java.util.function.Function<io.gatling.javaapi.core.Session, Duration> jitter(Duration tick) {
        return s -> Duration.ofMillis((long) (tick.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }
}
