package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.ClientMessage;
import org.wlcy.classroom.protocol.MessageTypes;
import org.wlcy.classroom.protocol.ProtocolCodec;
import org.wlcy.classroom.protocol.ProtocolSamples;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * Every role × every client message type ({@link ProtocolSamples} gives a valid instance of each)
 * × the caller's own class and another class, over the wire against the whole server with every
 * module's handlers, compared with one explicit table ({@link #TABLE}).
 *
 * <p>Each cell gets a fresh class in which lecturer {@code l01} has started a lesson and trainee
 * {@code t01} is present. The caller is lecturer {@code l02}, trainee {@code t02}, regulator
 * {@code g01} or admin {@code a01}. <b>Own class</b>: the caller's token lists the class and the
 * caller has joined it (for {@code class.join}: joins it). <b>Other class</b>: the token lists
 * only another class; the caller tries {@code class.join} of this one first (admins may enter any
 * class, so theirs succeeds) and then sends the sample. The sample ids ({@code q-7}, {@code ex-4},
 * {@code s-5}...) name nothing in the class, so an allowed request that needs one is refused for
 * the missing thing (e.g. 215), after the permission check.
 *
 * <p>Invariants beside the table: a refused request sends nothing to the others in the class, and
 * nothing a regulator sends reaches anybody else (regulators never change state) except the news
 * of their own presence ({@code class.join}, {@code class.leave}: the class sees who watches).
 */
class AuthorizationMatrixTest {
    private static final String SECRET = "authorization-matrix-test-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Role> ROLES = List.of(Role.LECTURER, Role.TRAINEE, Role.REGULATOR, Role.ADMIN);
    /** What a regulator may be allowed: reading, and its own presence. */
    private static final Set<String> READ_ONLY = Set.of("class.join", "class.leave", "ping", "qa.list",
            "exercise.list", "leave.list", "danmaku.list", "media.subscribe", "media.answer", "media.unsubscribe",
            "media.trickle");

    /**
     * The expected outcome of each cell: {@code OK} (the {@code .ok} reply) or the error code's
     * name. Per row: own class as lecturer, trainee, regulator, admin | other class, same order.
     * A message type without a row fails the test.
     */
    private static final Map<String, List<String>> TABLE = table(
            // type                 own: lecturer trainee regulator admin | other class: lecturer trainee regulator admin
            "class.join           OK OK OK OK NOT_A_MEMBER NOT_A_MEMBER NOT_A_MEMBER ALREADY_JOINED",
            "class.leave          OK OK OK OK NOT_JOINED NOT_JOINED NOT_JOINED OK",
            "session.start        SESSION_ALREADY_LIVE ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "session.end          OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "media.publish        OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "media.unpublish      STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND NOT_JOINED NOT_JOINED NOT_JOINED STREAM_NOT_FOUND",
            "media.subscribe      STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND NOT_JOINED NOT_JOINED NOT_JOINED STREAM_NOT_FOUND",
            "media.answer         SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND NOT_JOINED NOT_JOINED NOT_JOINED SUBSCRIPTION_NOT_FOUND",
            "media.unsubscribe    SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND SUBSCRIPTION_NOT_FOUND NOT_JOINED NOT_JOINED NOT_JOINED SUBSCRIPTION_NOT_FOUND",
            "media.trickle        STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND STREAM_NOT_FOUND NOT_JOINED NOT_JOINED NOT_JOINED STREAM_NOT_FOUND",
            "ping                 OK OK OK OK OK OK OK OK",
            "trace.append         OK OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "proctor.consent      ROLE_FORBIDDEN OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "attendance.signin    ROLE_FORBIDDEN OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "attendance.rollcall  INVALID_FIELD ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "leave.request        ROLE_FORBIDDEN OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "leave.decide         INVALID_FIELD ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "leave.list           OK OK ROLE_FORBIDDEN OK NOT_JOINED NOT_JOINED NOT_JOINED OK",
            "qa.ask               OK OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "qa.vote              QUESTION_NOT_FOUND QUESTION_NOT_FOUND ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "qa.mark              QUESTION_NOT_FOUND ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "qa.list              OK OK OK OK NOT_JOINED NOT_JOINED NOT_JOINED OK",
            "exercise.start       OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "exercise.answer      ROLE_FORBIDDEN EXERCISE_NOT_FOUND ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "exercise.close       EXERCISE_NOT_FOUND ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "exercise.list        OK OK ROLE_FORBIDDEN OK NOT_JOINED NOT_JOINED NOT_JOINED OK",
            "breakout.start       INVALID_FIELD ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.extend      NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.broadcast   NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.visit       NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.move        NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.notes       NO_BREAKOUT NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "breakout.recall      NO_BREAKOUT ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "hand.raise           ROLE_FORBIDDEN OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "speak.invite         OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "speak.accept         ROLE_FORBIDDEN NOT_INVITED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "speak.end            INVALID_FIELD NOT_INVITED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "chat.send            OK OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "chat.delete          INVALID_FIELD ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "chat.mute            INVALID_FIELD ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "danmaku.send         OK OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "danmaku.toggle       OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "danmaku.list         OK OK OK OK NOT_JOINED NOT_JOINED NOT_JOINED OK",
            "like.send            OK OK ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "recording.start      OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "recording.stop       NOT_RECORDING ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            // issue I: no practice room is open in the cell's class, so the host's and buyers' requests get 290
            "commerce.room.open   OK ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.room.close  COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.host.set    COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.product.put COMMERCE_ROOM_CLOSED COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.product.remove COMMERCE_ROOM_CLOSED COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.product.pin COMMERCE_ROOM_CLOSED COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.flash.start COMMERCE_ROOM_CLOSED COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN",
            "commerce.order.place ROLE_FORBIDDEN COMMERCE_ROOM_CLOSED ROLE_FORBIDDEN ROLE_FORBIDDEN NOT_JOINED NOT_JOINED NOT_JOINED ROLE_FORBIDDEN"
    );

    @TempDir
    Path dataDir;
    private Gateway gateway;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<WsTestClient> open = new ArrayList<>();
    private int classes;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--classes.acceptFromTokens=true",
                "--ws.maxConnectionsPerUser=100")), new FakeMediaServer(), samplesDay());
    }

    /**
     * A running clock on the day the samples are dated (2026-11-29), so that their dates (a leave's
     * {@code forDate}, which must be near today) stay valid whenever the test runs.
     */
    private static Clock samplesDay() {
        return Clock.offset(Clock.systemUTC(), java.time.Duration.between(java.time.Instant.now(),
                org.wlcy.classroom.testing.MutableClock.DEFAULT_START));
    }

    @AfterEach
    void stop() {
        open.forEach(WsTestClient::close);
        gateway.close();
    }

    private static Map<String, List<String>> table(String... rows) {
        Map<String, List<String>> t = new LinkedHashMap<>();
        for (String row : rows) {
            String[] parts = row.trim().split("\\s+");
            if (parts.length != 1 + 2 * ROLES.size() || t.put(parts[0], List.of(parts).subList(1, parts.length)) != null) {
                throw new IllegalArgumentException("bad or repeated row: " + row);
            }
        }
        return t;
    }

    @Test
    void everyRoleTimesEveryRequestTimesOwnAndOtherClassHasItsOutcome() {
        Map<String, List<String>> observed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ClientMessage> sample : ProtocolSamples.client().entrySet()) {
            List<String> cells = new ArrayList<>();
            for (boolean own : new boolean[] {true, false}) {
                for (Role role : ROLES) {
                    cells.add(cell(sample.getKey(), sample.getValue(), role, own, problems));
                }
            }
            observed.put(sample.getKey(), cells);
        }
        Set<String> missing = new TreeSet<>(MessageTypes.client().keySet());
        missing.removeAll(TABLE.keySet());
        Set<String> stale = new TreeSet<>(TABLE.keySet());
        stale.removeAll(MessageTypes.client().keySet());
        List<String> mismatches = new ArrayList<>();
        observed.forEach((type, cells) -> {
            List<String> expected = TABLE.get(type);
            if (expected != null && !expected.equals(cells)) {
                mismatches.add(type + ": expected " + expected + " but was " + cells);
            }
        });
        List<String> regulatorWrites = new ArrayList<>();
        TABLE.forEach((type, cells) -> {
            if (!READ_ONLY.contains(type) && (cells.get(2).equals("OK") || cells.get(6).equals("OK"))) {
                regulatorWrites.add(type);
            }
        });
        StringBuilder rows = new StringBuilder();
        observed.forEach((type, cells) -> rows.append(String.format("            \"%-20s %s\",%n", type,
                String.join(" ", cells))));
        assertThat(missing).as("message types without a row in TABLE (add one; the observed rows are:%n%s)", rows)
                .isEmpty();
        assertThat(stale).as("rows of TABLE for no message type").isEmpty();
        assertThat(mismatches).as("cells that differ from TABLE; observed rows:%n%s", rows).isEmpty();
        assertThat(regulatorWrites).as("a regulator may only read").isEmpty();
        assertThat(problems).as("invariants").isEmpty();
    }

    /**
     * Real ids this time: things of class B (a stream, a subscription, a question, an exercise, a
     * chat message, a leave request, a speaking turn, a breakout group) named from class A, and a
     * participant's own things named by another in the same class. Each is refused with the code
     * of {@link #FOREIGN_IDS}, and nobody in B hears of it.
     */
    @Test
    void idsOfAnotherClassOrAnotherPersonNameNothingOfTheCallers() {
        WsTestClient lecturerB = connect("lb", Role.LECTURER, "cb");
        lecturerB.ok("class.join", "classroomId", "cb");
        lecturerB.ok("session.start");
        WsTestClient traineeB = connect("tb", Role.TRAINEE, "cb");
        traineeB.ok("class.join", "classroomId", "cb");
        String streamB = lecturerB.ok("media.publish", "kind", "camera", "sdp", "v=0\r\n").path("streamId").asText();
        traineeB.awaitType("stream.published");
        String subscriptionB = traineeB.ok("media.subscribe", "streamId", streamB).path("subscriptionId").asText();
        String questionB = traineeB.ok("qa.ask", "text", "B 班的问题").path("question").path("questionId").asText();
        String exerciseB = lecturerB.ok("exercise.start", "kind", "single", "prompt", "1+1=?", "options",
                List.of("1", "2"), "correct", List.of(1), "seconds", 600, "points", 10)
                .path("exercise").path("exerciseId").asText();
        String messageB = traineeB.ok("chat.send", "text", "B 班的消息", "to", "class").path("message")
                .path("messageId").asText();
        String leaveB = traineeB.ok("leave.request", "hours", 2, "reason", "家中有事", "forDate", "2026-12-01")
                .path("leave").path("leaveId").asText();
        String turnB = lecturerB.ok("speak.invite", "userId", "tb").path("turnId").asText();

        WsTestClient lecturerA = connect("la", Role.LECTURER, "ca");
        lecturerA.ok("class.join", "classroomId", "ca");
        lecturerA.ok("session.start");
        WsTestClient traineeA = connect("ta", Role.TRAINEE, "ca");
        traineeA.ok("class.join", "classroomId", "ca");
        WsTestClient traineeA2 = connect("ta2", Role.TRAINEE, "ca");
        traineeA2.ok("class.join", "classroomId", "ca");
        WsTestClient regulatorA = connect("ga", Role.REGULATOR, "ca");
        regulatorA.ok("class.join", "classroomId", "ca");
        String streamA = lecturerA.ok("media.publish", "kind", "camera", "sdp", "v=0\r\n").path("streamId").asText();
        traineeA.awaitType("stream.published");
        String subscriptionA = traineeA.ok("media.subscribe", "streamId", streamA).path("subscriptionId").asText();
        String messageA = traineeA.ok("chat.send", "text", "A 班的消息", "to", "class").path("message")
                .path("messageId").asText();
        String turnA = lecturerA.ok("speak.invite", "userId", "ta").path("turnId").asText();
        barrier(lecturerB, traineeB);
        lecturerB.drain();
        traineeB.drain();

        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("B stream subscribed from A", code(traineeA.request("media.subscribe", "streamId", streamB)));
        observed.put("B stream unpublished from A", code(lecturerA.request("media.unpublish", "streamId", streamB)));
        observed.put("B stream trickled from A", code(lecturerA.request("media.trickle", "target", streamB,
                "candidate", Map.of("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"))));
        observed.put("B subscription answered from A", code(regulatorA.request("media.answer", "subscriptionId",
                subscriptionB, "sdp", "v=0\r\n")));
        observed.put("B subscription unsubscribed from A", code(traineeA.request("media.unsubscribe",
                "subscriptionId", subscriptionB)));
        observed.put("B question voted from A", code(traineeA.request("qa.vote", "questionId", questionB, "up", true)));
        observed.put("B question marked from A", code(lecturerA.request("qa.mark", "questionId", questionB,
                "state", "answered", "answer", "x")));
        observed.put("B exercise answered from A", code(traineeA.request("exercise.answer", "exerciseId", exerciseB,
                "choices", List.of(1))));
        observed.put("B exercise closed from A", code(lecturerA.request("exercise.close", "exerciseId", exerciseB)));
        observed.put("B chat message deleted from A", code(lecturerA.request("chat.delete", "messageId", messageB)));
        observed.put("B leave decided from A", code(lecturerA.request("leave.decide", "leaveId", leaveB,
                "approved", true, "note", "x")));
        observed.put("B turn accepted from A", code(traineeA.request("speak.accept", "turnId", turnB)));
        observed.put("B turn ended from A", code(lecturerA.request("speak.end", "turnId", turnB)));
        observed.put("A lecturer's stream unpublished by a trainee", code(traineeA.request("media.unpublish",
                "streamId", streamA)));
        observed.put("A lecturer's stream trickled by a trainee", code(traineeA.request("media.trickle", "target",
                streamA, "candidate", Map.of("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"))));
        observed.put("A trainee's subscription answered by another", code(traineeA2.request("media.answer",
                "subscriptionId", subscriptionA, "sdp", "v=0\r\n")));
        observed.put("A trainee's subscription unsubscribed by another", code(traineeA2.request("media.unsubscribe",
                "subscriptionId", subscriptionA)));
        observed.put("A trainee's chat message deleted by another", code(traineeA2.request("chat.delete",
                "messageId", messageA)));
        observed.put("A trainee's turn accepted by another", code(traineeA2.request("speak.accept", "turnId", turnA)));
        observed.put("A trainee's turn ended by another", code(traineeA2.request("speak.end", "turnId", turnA)));

        barrier(lecturerB, traineeB);
        List<JsonNode> heardInB = new ArrayList<>(lecturerB.drain());
        heardInB.addAll(traineeB.drain());
        assertThat(heardInB).as("what class B heard of class A's attempts").isEmpty();
        assertThat(observed).as("outcomes (left: FOREIGN_IDS, right: observed)").isEqualTo(FOREIGN_IDS);
        open.forEach(WsTestClient::close);
        open.clear();
    }

    /** The expected refusal of each attempt of {@link #idsOfAnotherClassOrAnotherPersonNameNothingOfTheCallers}. */
    private static final Map<String, String> FOREIGN_IDS = foreignIds();

    private static Map<String, String> foreignIds() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("B stream subscribed from A", "STREAM_NOT_FOUND");
        m.put("B stream unpublished from A", "STREAM_NOT_FOUND");
        m.put("B stream trickled from A", "STREAM_NOT_FOUND");
        m.put("B subscription answered from A", "SUBSCRIPTION_NOT_FOUND");
        m.put("B subscription unsubscribed from A", "SUBSCRIPTION_NOT_FOUND");
        m.put("B question voted from A", "QUESTION_NOT_FOUND");
        m.put("B question marked from A", "QUESTION_NOT_FOUND");
        m.put("B exercise answered from A", "EXERCISE_NOT_FOUND");
        m.put("B exercise closed from A", "EXERCISE_NOT_FOUND");
        m.put("B chat message deleted from A", "INVALID_FIELD");
        m.put("B leave decided from A", "INVALID_FIELD");
        m.put("B turn accepted from A", "NOT_INVITED");
        m.put("B turn ended from A", "INVALID_FIELD");
        m.put("A lecturer's stream unpublished by a trainee", "STREAM_NOT_FOUND");
        m.put("A lecturer's stream trickled by a trainee", "STREAM_NOT_FOUND");
        m.put("A trainee's subscription answered by another", "SUBSCRIPTION_NOT_FOUND");
        m.put("A trainee's subscription unsubscribed by another", "SUBSCRIPTION_NOT_FOUND");
        m.put("A trainee's chat message deleted by another", "ROLE_FORBIDDEN");
        m.put("A trainee's turn accepted by another", "NOT_INVITED");
        m.put("A trainee's turn ended by another", "NOT_INVITED");
        return m;
    }

    private static String code(JsonNode reply) {
        return reply.path("type").asText().equals("error") ? name(reply) : "OK";
    }

    /** Runs one cell in a fresh class and returns its outcome. */
    private String cell(String type, ClientMessage sample, Role role, boolean own, List<String> problems) {
        String classId = "m" + (++classes);
        try {
            WsTestClient lecturer = connect("l01", Role.LECTURER, classId);
            lecturer.ok("class.join", "classroomId", classId);
            lecturer.ok("session.start");
            WsTestClient trainee = connect("t01", Role.TRAINEE, classId);
            trainee.ok("class.join", "classroomId", classId);
            String user = switch (role) {
                case LECTURER -> "l02";
                case TRAINEE -> "t02";
                case REGULATOR -> "g01";
                case ADMIN -> "a01";
            };
            WsTestClient caller = connect(user, role, own ? classId : "home-" + classId);
            if (!(own && type.equals("class.join"))) {
                JsonNode join = caller.request("class.join", "classroomId", classId);
                boolean joined = join.path("type").asText().equals("class.join.ok");
                if (joined != (own || role == Role.ADMIN)) {
                    problems.add(type + "/" + role + "/" + (own ? "own" : "other") + ": join gave " + join);
                }
            }
            barrier(lecturer, trainee);
            lecturer.drain();
            trainee.drain();

            ObjectNode frame = (ObjectNode) JSON.readTree(codec.encodeRequest(sample));
            String rid = "m-" + type;
            frame.put("requestId", rid);
            if (type.equals("class.join")) {
                frame.put("classroomId", classId);
            }
            caller.sendRaw(frame.toString());
            JsonNode reply = caller.await("reply to " + type, m -> rid.equals(m.path("requestId").asText(null)));
            String outcome = reply.path("type").asText().equals(type + ".ok") ? "OK" : name(reply);

            barrier(lecturer, trainee);
            List<JsonNode> reached = new ArrayList<>(lecturer.drain());
            reached.addAll(trainee.drain());
            if (!outcome.equals("OK") && !reached.isEmpty()) {
                problems.add(type + "/" + role + ": refused (" + outcome + ") but the class heard " + reached);
            }
            boolean presence = type.equals("class.join") || type.equals("class.leave");
            if (role == Role.REGULATOR && !presence && !reached.isEmpty()) {
                problems.add(type + ": a regulator's request reached the class: " + reached);
            }
            return outcome;
        } catch (Exception e) {
            throw new AssertionError(type + "/" + role + "/" + (own ? "own" : "other"), e);
        } finally {
            open.forEach(WsTestClient::close);
            open.clear();
        }
    }

    /** A request through each client's class lane: what the cell caused has reached them before its reply. */
    private static void barrier(WsTestClient... clients) {
        for (WsTestClient c : clients) {
            c.ok("qa.list");
        }
    }

    private static String name(JsonNode error) {
        int code = error.path("code").asInt();
        return Arrays.stream(ErrorCode.values()).filter(c -> c.code() == code).map(Enum::name).findFirst()
                .orElse("CODE_" + code);
    }

    private WsTestClient connect(String user, Role role, String classId) {
        String token = gateway.tokens().issue(new Identity(new UserId(user), "n-" + user, role,
                Set.of(new ClassroomId(classId)), "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(10));
        WsTestClient c = WsTestClient.connect(gateway.port(), token, null);
        open.add(c);
        return c;
    }
}
