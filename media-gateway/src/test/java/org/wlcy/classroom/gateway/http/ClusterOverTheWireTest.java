package org.wlcy.classroom.gateway.http;

import org.wlcy.classroom.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Two gateway nodes and a Redis of the test's own: one class's participants on both nodes; a node
 * dying and its class moving to the other with the lesson still live; Redis dying, the nodes
 * saying so and going on by themselves, and everything working across nodes again once it is back.
 */
class ClusterOverTheWireTest {
    private static final String SECRET = "cluster-over-the-wire-test-secret-0123456789abcdef";
    private static final ClassroomId CLASS = new ClassroomId("c-cluster");
    private static final Duration WAIT = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private RedisProcess redis;
    private final List<Gateway> nodes = new ArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        assertThat(RedisProcess.isInstalled()).as("redis-server is installed (scripts/test.sh installs it)").isTrue();
        redis = RedisProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(WsTestClient::close);
        nodes.forEach(Gateway::close);
        redis.close();
    }

    private Gateway node(String id) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve(id));
        Gateway g = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1",
                "--http.port=" + port, "--data.dir=" + data, "--auth.hmacSecret=" + SECRET,
                "--proctor.faceChecks=false", "--cluster.redisUrl=" + redis.url(), "--cluster.nodeId=" + id,
                "--cluster.leaseSeconds=2")), new FakeMediaServer(), java.time.Clock.systemUTC());
        nodes.add(g);
        return g;
    }

    private WsTestClient connect(Gateway node, String user, Role role) {
        String token = node.tokens().issue(new Identity(new UserId(user), "name-" + user, role, Set.of(CLASS),
                "机构A", "110000", Instant.now()), Duration.ofHours(2));
        WsTestClient c = WsTestClient.connect(node.port(), token, null);
        clients.add(c);
        return c;
    }

    private static JsonNode readyz(Gateway node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        return ((com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(r.body())).put("http", r.statusCode());
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    private static JsonNode chat(WsTestClient from, String text) {
        return from.ok("chat.send", "text", text, "to", "class").path("message");
    }

    private static JsonNode awaitChat(WsTestClient c, String text) {
        return c.await("chat '" + text + "'", m -> m.path("type").asText().equals("chat.message")
                && m.path("message").path("text").asText().equals(text), WAIT).path("message");
    }

    @Test
    void oneClassWithParticipantsOnBothNodes() throws Exception {
        Gateway a = node("node-a");
        Gateway b = node("node-b");
        WsTestClient lecturer = connect(a, "l1", Role.LECTURER);
        lecturer.ok("class.join", "classroomId", CLASS.value());
        lecturer.ok("session.start");

        WsTestClient trainee = connect(b, "t1", Role.TRAINEE);
        JsonNode joined = trainee.ok("class.join", "classroomId", CLASS.value());

        assertThat(joined.path("session").path("state").asText()).as("the lesson started on the other node")
                .isEqualTo("live");
        assertThat(joined.path("participants").findValuesAsText("userId")).containsExactlyInAnyOrder("l1", "t1");
        assertThat(lecturer.awaitType("participant.joined").path("participant").path("userId").asText())
                .isEqualTo("t1");
        JsonNode fromTrainee = chat(trainee, "老师好，我在另一台服务器上");
        assertThat(awaitChat(lecturer, "老师好，我在另一台服务器上")).isEqualTo(fromTrainee);
        JsonNode fromLecturer = chat(lecturer, "欢迎");
        assertThat(awaitChat(trainee, "欢迎")).isEqualTo(fromLecturer);
        JsonNode refused = trainee.request("session.end");
        assertThat(refused.path("code").asInt()).as("roles are checked where the class runs").isEqualTo(304);
        assertThat(readyz(a).path("redis").asText()).isEqualTo("up");
    }

    @Test
    void aStoppedNodesClassMovesToTheOtherNodeAtOnceWithItsLessonStillLive() throws Exception {
        Gateway a = node("node-a");
        Gateway b = node("node-b");
        WsTestClient lecturer = connect(a, "l1", Role.LECTURER);
        lecturer.ok("class.join", "classroomId", CLASS.value());
        String lesson = lecturer.ok("session.start").path("session").path("sessionId").asText();
        WsTestClient trainee = connect(b, "t1", Role.TRAINEE);
        trainee.ok("class.join", "classroomId", CLASS.value());

        a.close(); // stopped on purpose (a deployment): it gives its classes up
        nodes.remove(a);
        assertThat(trainee.awaitClose()).as("the trainee is told to reconnect").isEqualTo(1001);

        assertMovedTo(b, lesson);
    }

    @Test
    void aKilledNodesClassMovesToTheOtherNodeWhenItsLeaseRunsOut() throws Exception {
        int portA;
        try (var s = new java.net.ServerSocket(0)) {
            portA = s.getLocalPort();
        }
        Path dataA = Files.createDirectories(dir.resolve("node-a"));
        // Node a is a separate JVM (the product's Main) that the test kills with SIGKILL.
        Process nodeA = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.wlcy.classroom.gateway.Main",
                "--http.host=127.0.0.1", "--http.port=" + portA, "--data.dir=" + dataA,
                "--auth.hmacSecret=" + SECRET, "--auth.devMode=false", "--proctor.faceChecks=false",
                "--classes.requireApproval=false", // issue H: classes from tokens, no enrolment records
                "--janus.urls=ws://127.0.0.1:9", "--cluster.redisUrl=" + redis.url(), "--cluster.nodeId=node-a",
                "--cluster.leaseSeconds=2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node-a.log").toFile()).start();
        try {
            Gateway b = node("node-b");
            await("node a answers", () -> {
                try {
                    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + portA + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            String token = b.tokens().issue(new Identity(new UserId("l1"), "name-l1", Role.LECTURER, Set.of(CLASS),
                    "机构A", "110000", Instant.now()), Duration.ofHours(2));
            WsTestClient lecturer = WsTestClient.connect(portA, token, null);
            clients.add(lecturer);
            lecturer.ok("class.join", "classroomId", CLASS.value());
            String lesson = lecturer.ok("session.start").path("session").path("sessionId").asText();
            WsTestClient trainee = connect(b, "t1", Role.TRAINEE);
            trainee.ok("class.join", "classroomId", CLASS.value());

            nodeA.destroyForcibly();
            nodeA.waitFor();

            assertThat(trainee.awaitClose()).as("node b finds the class's node gone and sends its clients over")
                    .isEqualTo(1001);
            assertMovedTo(b, lesson);
        } finally {
            nodeA.destroyForcibly();
        }
    }

    /** The trainee and the lecturer reconnect to node b and go on with the same lesson there. */
    private void assertMovedTo(Gateway b, String lesson) {
        WsTestClient again = connect(b, "t1", Role.TRAINEE);
        JsonNode rejoined = again.ok("class.join", "classroomId", CLASS.value());
        assertThat(rejoined.path("session").path("sessionId").asText()).as("the same lesson goes on")
                .isEqualTo(lesson);
        assertThat(rejoined.path("session").path("state").asText()).isEqualTo("live");
        WsTestClient lecturerBack = connect(b, "l1", Role.LECTURER);
        lecturerBack.ok("class.join", "classroomId", CLASS.value());
        JsonNode m = chat(lecturerBack, "我们继续");
        assertThat(awaitChat(again, "我们继续")).isEqualTo(m);
    }

    @Test
    void withoutRedisNodesSaySoAndGoOn_AndRecoverWithoutARestart() throws Exception {
        Gateway a = node("node-a");
        Gateway b = node("node-b");
        WsTestClient lecturer = connect(a, "l1", Role.LECTURER);
        lecturer.ok("class.join", "classroomId", CLASS.value());
        WsTestClient trainee = connect(b, "t1", Role.TRAINEE);
        trainee.ok("class.join", "classroomId", CLASS.value());
        WsTestClient coLecturer = connect(a, "l2", Role.LECTURER);
        coLecturer.ok("class.join", "classroomId", CLASS.value());

        redis.kill();
        await("both nodes report Redis down", () -> {
            try {
                return readyz(a).path("redis").asText().equals("down") && readyz(b).path("redis").asText().equals("down");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode ready = readyz(a);
        assertThat(ready.path("status").asText()).isEqualTo("degraded");
        assertThat(ready.path("http").asInt()).as("a node without Redis still serves its own clients").isEqualTo(200);
        JsonNode local = chat(lecturer, "本机的同学仍能收到");
        assertThat(awaitChat(coLecturer, "本机的同学仍能收到")).isEqualTo(local);
        JsonNode cut = trainee.request("chat.send", "text", "有人吗", "to", "class");
        assertThat(cut.path("code").asInt()).as("a relayed request fails visibly, not silently").isEqualTo(500);

        redis.startAgain();
        await("both nodes report Redis up again", () -> {
            try {
                return readyz(a).path("redis").asText().equals("up") && readyz(b).path("redis").asText().equals("up");
            } catch (Exception e) {
                return false;
            }
        });
        await("the class works across nodes again", () -> {
            JsonNode reply = trainee.request("chat.send", "text", "恢复了吗", "to", "class");
            return reply.path("type").asText().equals("chat.send.ok");
        });
        assertThat(awaitChat(lecturer, "恢复了吗").path("from").path("userId").asText()).isEqualTo("t1");
    }
}
